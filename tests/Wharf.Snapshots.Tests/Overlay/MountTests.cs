using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Tests.Overlay;

/// <summary>The <see cref="Mount"/> record's readings and the mount table parser, without mounting.</summary>
public sealed class MountTests : IDisposable
{
    private readonly TempRoot _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WritableDirectoryIsTheOverlayUpperOrAWritableBindsSource()
    {
        var overlay = new Mount("overlay", "overlay", ["index=off", "workdir=/s/2/work", "upperdir=/s/2/fs", "lowerdir=/s/1/fs"]);
        var bind = new Mount("bind", "/s/1/fs", ["rbind", "rw"]);
        var readOnlyBind = new Mount("bind", "/s/1/fs", ["rbind", "ro"]);
        var lowerOnly = new Mount("overlay", "overlay", ["ro", "lowerdir=/s/2/fs:/s/1/fs"]);
        var tmpfs = new Mount("tmpfs", "tmpfs", ["size=1m"]);

        Assert.Equal("/s/2/fs", overlay.WritableDirectory);
        Assert.Equal("/s/1/fs", bind.WritableDirectory);
        Assert.Null(readOnlyBind.WritableDirectory);
        Assert.Null(lowerOnly.WritableDirectory);
        Assert.Null(tmpfs.WritableDirectory);
        Assert.Equal("/s/2/fs:/s/1/fs", lowerOnly.OptionValue("lowerdir"));
        Assert.Null(bind.OptionValue("lowerdir"));
    }

    [Fact]
    public void TheLastOfRoAndRwWins()
    {
        Assert.True(new Mount("bind", "/x", ["rw", "ro"]).IsReadOnly);
        Assert.False(new Mount("bind", "/x", ["ro", "rw"]).IsReadOnly);
        Assert.False(new Mount("bind", "/x", ["rbind"]).IsReadOnly);
    }

    [Fact]
    public void MountPointsAreDecodedAndOrderedDeepestFirstForUnmounting()
    {
        string mountInfo = Path.Join(_temp.Path, "mountinfo");
        File.WriteAllLines(mountInfo,
        [
            "22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "30 22 0:40 / /var/lib/wharf rw - tmpfs tmpfs rw",
            "31 30 0:41 / /var/lib/wharf/mnt/with\\040space rw - overlay overlay rw,lowerdir=/a",
            "32 30 0:42 / /var/lib/wharf/mnt/a rw - tmpfs tmpfs rw",
            "33 32 0:43 / /var/lib/wharf/mnt/a/b rw - tmpfs tmpfs rw",
            "34 22 0:44 / /var/lib/wharfish rw - tmpfs tmpfs rw",
        ]);

        Assert.Contains("/var/lib/wharf/mnt/with space", MountTable.MountPoints(mountInfo));
        Assert.True(MountTable.IsMountPoint("/var/lib/wharf/mnt/with space/", mountInfo));
        Assert.False(MountTable.IsMountPoint("/var/lib/wharf/mnt", mountInfo));
        Assert.Equal(["/var/lib/wharf/mnt/a/b", "/var/lib/wharf/mnt/a", "/var/lib/wharf/mnt/with space", "/var/lib/wharf"],
            MountTable.MountPointsUnder("/var/lib/wharf", mountInfo));
    }

    [Fact]
    public void OverlayDataPastAPageThatCannotBeMadeRelativeFailsClearlyBeforeMounting()
    {
        var lowers = Enumerable.Range(0, 300).Select(i => $"/{i}-{new string('x', 20)}/fs");
        var mount = new Mount("overlay", "overlay", ["upperdir=/u/fs", "workdir=/u/work", $"lowerdir={string.Join(':', lowers)}"]);

        var error = Assert.Throws<ArgumentException>(() => MountSet.MountAll([mount], _temp.Path));

        Assert.Contains("300 lower layers", error.Message);
        Assert.False(MountTable.IsMountPoint(_temp.Path));
    }
}
