namespace Wharf.Containers.Tests.Spec;

/// <summary>A temp directory standing in for a container's rootfs: just /etc/passwd and /etc/group.</summary>
internal sealed class FakeRootfs : IDisposable
{
    public const string Passwd = """
        root:x:0:0:root:/root:/bin/sh
        daemon:x:1:1:daemon:/usr/sbin:/bin/false
        alice:x:1000:1000:Alice:/home/alice:/bin/sh
        bob:x:1001:100::/home/bob:/bin/sh
        weird:x:notanumber:1::/:/bin/sh
        nobody:x:65534:65534:nobody:/home:/bin/false
        """;

    public const string Group = """
        root:x:0:
        # a comment line
        daemon:x:1:alice
        users:x:100:
        alice:x:1000:
        staff:x:50:alice,bob
        audio:x:29:bob
        nogroup:x:65534:
        """;

    public FakeRootfs(string? passwd = Passwd, string? group = Group)
    {
        Directory.CreateDirectory(Etc);
        if (passwd is not null) File.WriteAllText(Path.Combine(Etc, "passwd"), passwd + "\n");
        if (group is not null) File.WriteAllText(Path.Combine(Etc, "group"), group + "\n");
    }

    /// <summary>Parent of the rootfs: a place "outside" it for escape tests.</summary>
    public string Base { get; } = Path.Combine(Path.GetTempPath(), "wharf-containers-rootfs-" + Guid.NewGuid().ToString("N"));
    public string Root => Path.Combine(Base, "rootfs");
    public string Etc => Path.Combine(Root, "etc");

    public void Dispose()
    {
        if (Directory.Exists(Base)) Directory.Delete(Base, recursive: true);
    }
}
