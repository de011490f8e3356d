using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>
/// A unique temp root for one test: an empty <see cref="Target"/> to unpack into and, beside it,
/// an <see cref="Outside"/> directory with a sentinel file that no layer may touch. The state of
/// everything but the target is recorded at creation, so a test can prove the host is untouched.
/// </summary>
internal sealed class LayerSandbox : IDisposable
{
    public const string SentinelContent = "the host's own data\n";

    private readonly List<string> _outsideBefore;
    private readonly List<string> _ownDirectories = ["target"];

    public LayerSandbox()
    {
        Root = Path.Join(Path.GetTempPath(), $"wharf-layer-{Guid.NewGuid():N}");
        Target = Path.Join(Root, "target");
        Outside = Path.Join(Root, "outside");
        Directory.CreateDirectory(Target);
        Directory.CreateDirectory(Path.Join(Outside, "etc"));
        File.WriteAllText(Sentinel, SentinelContent);
        File.WriteAllText(Path.Join(Outside, "etc", "passwd"), "root:x:0:0::/root:/bin/sh\n");
        File.WriteAllText(Path.Join(Root, "sentinel"), SentinelContent);
        _outsideBefore = TreeSnapshot.Take(Root, withTimes: true, "target");
    }

    public string Root { get; }
    public string Target { get; }
    public string Outside { get; }
    public string Sentinel => Path.Join(Outside, "sentinel");

    /// <summary>A fresh empty directory beside the target, for a second unpack.</summary>
    public string NewDirectory(string name)
    {
        string path = Path.Join(Root, name);
        Directory.CreateDirectory(path);
        _ownDirectories.Add(name);
        return path;
    }

    /// <summary>Nothing outside the target was created, changed or removed; the sentinels are intact and not hard-linked.</summary>
    public void AssertOutsideUntouched()
    {
        Assert.Equal(_outsideBefore, TreeSnapshot.Take(Root, withTimes: true, [.. _ownDirectories]));
        Assert.Equal(SentinelContent, File.ReadAllText(Sentinel));
        Assert.Equal(1u, Libc.LStatAt(Libc.AT_FDCWD, Sentinel).Nlink);
        Assert.Equal(1u, Libc.LStatAt(Libc.AT_FDCWD, Path.Join(Root, "sentinel")).Nlink);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
