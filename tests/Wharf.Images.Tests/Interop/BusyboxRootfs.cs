namespace Wharf.Images.Tests.Interop;

/// <summary>The embedded busybox root filesystem (scripts/make-busybox-rootfs.sh) as a tar, built in a temp directory.</summary>
internal static class BusyboxRootfs
{
    /// <summary>Builds the rootfs under <paramref name="workDirectory"/> and returns the path of its tar (owners numeric, 0:0).</summary>
    public static async Task<string> BuildTarAsync(string workDirectory)
    {
        string rootfs = Path.Join(workDirectory, "busybox-rootfs");
        string tar = Path.Join(workDirectory, "busybox.tar");
        await InteropTools.CheckAsync("/bin/sh", [InteropTools.BusyboxScript!, rootfs]);
        await InteropTools.CheckAsync("tar", ["--numeric-owner", "-C", rootfs, "-cf", tar, "."]);
        return tar;
    }
}
