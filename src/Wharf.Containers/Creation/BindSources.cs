using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// moby's mount-point setup for <c>-v /host/path:/in/container</c>: a host path that does not exist
/// is made as a directory (0755) when the container starts, so `docker run -v /srv/new:/data` works
/// on a fresh host. <c>--mount type=bind</c> creates only with <c>bind-create-src</c>
/// (BindOptions.CreateMountpoint); otherwise its source was checked at create.
/// </summary>
public static class BindSources
{
    public static void CreateMissing(HostSettings host)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("bind mounts are made on Linux");
        foreach (string raw in host.Binds ?? [])
        {
            var bind = BindSpec.Parse(raw);
            if (bind.Type == "bind") Create(bind.Source);
        }
        foreach (var mount in host.Mounts ?? [])
        {
            if (mount is { Type: "bind", BindOptions.CreateMountpoint: true }) Create(ContainerCreation.CleanPath(mount.Source));
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void Create(string source)
    {
        if (Path.Exists(source)) return;
        try
        {
            Directory.CreateDirectory(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A dangling symlink, a file on the way, a read-only host path: moby's wording.
            throw WharfException.Invalid($"error while creating mount source path '{UntrustedName.Show(source)}': {e.Message}");
        }
    }
}
