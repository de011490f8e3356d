using System.Diagnostics;

namespace Wharf.Containers.Tests.Kernel;

/// <summary>A fact that mounts: needs Linux and root, skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess) Skip = "needs root on Linux (it mounts)";
    }
}

[Trait("Category", "Kernel")]
public sealed class StoreMountKernelTests
{
    [RootFact]
    public async Task Delete_refuses_while_something_is_mounted_in_the_containers_directory()
    {
        string root = Directory.CreateTempSubdirectory("wharf-containers-store-mount-").FullName;
        var store = new ContainerStore(root);
        var container = Records.Make("ab", "mounted");
        await store.SaveAsync(container);
        string mountPoint = Path.Combine(store.DirectoryOf(container.Id), "rootfs");
        Directory.CreateDirectory(mountPoint);
        Mount("mount", "-t", "tmpfs", "tmpfs", mountPoint);
        try
        {
            File.WriteAllText(Path.Combine(mountPoint, "precious"), "data");
            var e = await Assert.ThrowsAsync<Core.WharfException>(() => store.DeleteAsync(container.Id));
            Assert.Equal(Core.ErrorKind.Conflict, e.Kind);
            Assert.Contains(mountPoint, e.Message);
            Assert.True(File.Exists(Path.Combine(mountPoint, "precious")));
            Assert.Single((await store.LoadAllAsync()).Containers);
        }
        finally
        {
            Mount("umount", mountPoint);
        }
        Assert.True(await store.DeleteAsync(container.Id));
        Directory.Delete(root, recursive: true);
    }

    private static void Mount(string command, params string[] args)
    {
        var psi = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{command} {string.Join(' ', args)}: {stderr}");
    }
}
