using System.Diagnostics;
using System.Runtime.InteropServices;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Linux.Mounts;
using Wharf.Snapshots.Overlay;

namespace Wharf.Snapshots.Tests.Overlay;

/// <summary>
/// Real overlay mounts (root only). Each test has its own temp root; Dispose unmounts whatever is
/// still mounted below it and deletes it, even when the test failed.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class OverlayKernelTests : IDisposable
{
    private readonly TempRoot _temp = new();
    private readonly OverlaySnapshotter _snapshotter;

    public OverlayKernelTests() => _snapshotter = OverlaySnapshotter.Open(Path.Join(_temp.Path, "root"));

    public void Dispose()
    {
        _snapshotter.Dispose();
        _temp.Dispose();
        Assert.Empty(MountTable.MountPointsUnder(_temp.Top));
    }

    private string Target(string name) => _temp.Sub(Path.Join("mnt", name));

    private async Task Layer(string name, string? parent, Action<string> write, ISnapshotter? snapshotter = null)
    {
        snapshotter ??= _snapshotter;
        var mounts = await snapshotter.PrepareAsync($"extract {name}", parent);
        write(mounts[0].WritableDirectory!);
        await snapshotter.CommitAsync(name, $"extract {name}");
    }

    private static void Write(string directory, string path, string content)
    {
        string full = Path.Join(directory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>stat(1)'s view of a path: type, major and minor (hex).</summary>
    private static string StatType(string path)
    {
        var info = new ProcessStartInfo("stat", ["--format=%F %t:%T", path]) { RedirectStandardOutput = true };
        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    /// <summary>errno of creating a file, 0 when it could.</summary>
    private static int CreateErrno(string path)
    {
        int fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_CLOEXEC, 0x1a4);
        if (fd >= 0)
        {
            Libc.Close(fd);
            return 0;
        }
        return Marshal.GetLastPInvokeError();
    }

    [OverlayKernelFact]
    public async Task ACommittedLayerIsVisibleAndWritableThroughAnActiveSnapshot()
    {
        await Layer("l1", null, fs =>
        {
            Write(fs, "etc/hostname", "base");
            Write(fs, "a", "a from l1");
        });
        var mounts = await _snapshotter.PrepareAsync("c", "l1");
        string target = Target("c");

        MountSet.MountAll(mounts, target);
        try
        {
            Assert.Equal("base", File.ReadAllText(Path.Join(target, "etc/hostname")));
            File.WriteAllText(Path.Join(target, "new"), "new in c");
            File.WriteAllText(Path.Join(target, "a"), "a changed in c");
            Assert.Equal("a changed in c", File.ReadAllText(Path.Join(target, "a")));
        }
        finally
        {
            MountSet.Unmount(target);
        }

        string upper = mounts[0].WritableDirectory!;
        Assert.Equal("new in c", File.ReadAllText(Path.Join(upper, "new")));
        Assert.Equal("a changed in c", File.ReadAllText(Path.Join(upper, "a")));
        Assert.Equal("a from l1", File.ReadAllText(Path.Join(Path.Join(_snapshotter.Root, "snapshots", "1", "fs"), "a")));
        Assert.False(MountTable.IsMountPoint(target));
    }

    [OverlayKernelFact]
    public async Task AFileDeletedThroughTheMountIsAWhiteoutInTheUpperDirectory()
    {
        await Layer("l1", null, fs => Write(fs, "doomed", "x"));
        var mounts = await _snapshotter.PrepareAsync("c", "l1");
        string target = Target("c");

        MountSet.MountAll(mounts, target);
        try
        {
            File.Delete(Path.Join(target, "doomed"));
            Assert.False(File.Exists(Path.Join(target, "doomed")));
        }
        finally
        {
            MountSet.Unmount(target);
        }

        Assert.Equal("character special file 0:0", StatType(Path.Join(mounts[0].WritableDirectory!, "doomed")));
    }

    [OverlayKernelFact]
    public async Task AViewIsReadOnly()
    {
        await Layer("l1", null, fs => Write(fs, "a", "1"));
        await Layer("l2", "l1", fs => Write(fs, "b", "2"));
        string single = Target("single"), stacked = Target("stacked");

        MountSet.MountAll(await _snapshotter.ViewAsync("v1", "l1"), single);
        MountSet.MountAll(await _snapshotter.ViewAsync("v2", "l2"), stacked);
        try
        {
            Assert.Equal("1", File.ReadAllText(Path.Join(single, "a")));
            Assert.Equal("1", File.ReadAllText(Path.Join(stacked, "a")));
            Assert.Equal("2", File.ReadAllText(Path.Join(stacked, "b")));
            Assert.Equal(Libc.EROFS, CreateErrno(Path.Join(single, "new")));
            Assert.Equal(Libc.EROFS, CreateErrno(Path.Join(stacked, "new")));
            Assert.Equal(Libc.EROFS, CreateErrno(Path.Join(stacked, "a")));
        }
        finally
        {
            MountSet.Unmount(single);
            MountSet.Unmount(stacked);
        }
        Assert.False(File.Exists(Path.Join(_snapshotter.Root, "snapshots", "1", "fs", "new")));
    }

    [OverlayKernelFact]
    public async Task ThreeLayersStackInOrderWithTheUpperLayerWinning()
    {
        await Layer("l1", null, fs =>
        {
            Write(fs, "f", "1");
            Write(fs, "only1", "1");
            Write(fs, "gone", "1");
        });
        // l2 deletes "gone" the way a layer is made from a container: through an overlay mount.
        var l2 = await _snapshotter.PrepareAsync("extract l2", "l1");
        string work = Target("l2");
        MountSet.MountAll(l2, work);
        try
        {
            File.WriteAllText(Path.Join(work, "f"), "2");
            File.WriteAllText(Path.Join(work, "only2"), "2");
            File.Delete(Path.Join(work, "gone"));
        }
        finally
        {
            MountSet.Unmount(work);
        }
        await _snapshotter.CommitAsync("l2", "extract l2");
        await Layer("l3", "l2", fs => Write(fs, "f", "3"));

        var mounts = await _snapshotter.PrepareAsync("c", "l3");
        string target = Target("c");
        MountSet.MountAll(mounts, target);
        try
        {
            Assert.Equal("3", File.ReadAllText(Path.Join(target, "f")));
            Assert.Equal("1", File.ReadAllText(Path.Join(target, "only1")));
            Assert.Equal("2", File.ReadAllText(Path.Join(target, "only2")));
            Assert.False(File.Exists(Path.Join(target, "gone")));
            Assert.Equal(["f", "only1", "only2"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName).Order());
        }
        finally
        {
            MountSet.Unmount(target);
        }
    }

    [OverlayKernelFact]
    public async Task LayersWrittenAloneAndCommittedOntoEachOtherStackWithTheirWhiteouts()
    {
        // Both written before either is committed, as a parallel unpack writes them.
        string lower = (await _snapshotter.PrepareAsync("extract l1", null))[0].WritableDirectory!;
        string upper = (await _snapshotter.PrepareAsync("extract l2", null))[0].WritableDirectory!;
        Write(lower, "keep", "1");
        Write(lower, "gone", "1");
        Write(lower, "dir/old", "1");
        Write(upper, "dir/new", "2");
        int fd = Libc.Check(Libc.Open(upper, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", upper);
        try
        {
            Libc.Check(Libc.Mknodat(fd, "gone", Libc.S_IFCHR, 0), "mknodat", "gone"); // overlay's whiteout
        }
        finally
        {
            Libc.Close(fd);
        }
        fd = Libc.Check(Libc.Open(Path.Join(upper, "dir"), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", "dir");
        try
        {
            Libc.SetXattr(fd, "trusted.overlay.opaque", "y"u8);
        }
        finally
        {
            Libc.Close(fd);
        }

        await _snapshotter.CommitOntoAsync("l1", "extract l1", null);
        await _snapshotter.CommitOntoAsync("l2", "extract l2", "l1");

        var mounts = await _snapshotter.ViewAsync("v", "l2");
        string target = Target("v");
        MountSet.MountAll(mounts, target);
        try
        {
            Assert.Equal(["dir", "keep"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName).Order());
            Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(Path.Join(target, "dir")).Select(Path.GetFileName));
            Assert.Equal("1", File.ReadAllText(Path.Join(target, "keep")));
        }
        finally
        {
            MountSet.Unmount(target);
        }
    }

    [OverlayKernelFact]
    public async Task UnmountAndRemoveLeaveNoMountsAndNoDirectories()
    {
        await Layer("l1", null, fs => Write(fs, "a", "1"));
        await Layer("l2", "l1", fs => Write(fs, "b", "2"));
        var mounts = await _snapshotter.PrepareAsync("c", "l2");
        string target = Target("c");
        MountSet.MountAll(mounts, target);
        Assert.True(MountTable.IsMountPoint(target));

        var refused = await Assert.ThrowsAsync<WharfException>(() => _snapshotter.RemoveAsync("l1"));
        Assert.Equal(ErrorKind.Conflict, refused.Kind);
        Assert.Contains("l2", refused.Message);
        refused = await Assert.ThrowsAsync<WharfException>(() => _snapshotter.RemoveAsync("l2"));
        Assert.Contains("parent of c", refused.Message);

        MountSet.Unmount(target);
        MountSet.Unmount(target); // not mounted any more: not an error
        await _snapshotter.RemoveAsync("c");
        await _snapshotter.RemoveAsync("l2");
        await _snapshotter.RemoveAsync("l1");

        Assert.Empty(MountTable.MountPointsUnder(_temp.Top));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(_snapshotter.Root, "snapshots")));
        Assert.Empty(await _snapshotter.ListAsync());
    }

    [OverlayKernelFact]
    public async Task RemovingASnapshotNeverDeletesThroughAMountInsideIt()
    {
        string precious = _temp.Sub("precious");
        File.WriteAllText(Path.Join(precious, "keep"), "keep");
        var mounts = await _snapshotter.PrepareAsync("c", null);
        string inside = Path.Join(mounts[0].WritableDirectory!, "mnt");
        Directory.CreateDirectory(inside);
        MountSet.MountAll([new Mount("bind", precious, ["rbind"])], inside);

        await _snapshotter.RemoveAsync("c");

        Assert.Equal("keep", File.ReadAllText(Path.Join(precious, "keep")));
        Assert.False(MountTable.IsMountPoint(inside));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(_snapshotter.Root, "snapshots")));
    }

    [OverlayKernelFact]
    public async Task ADeepChainUnderALongRootMountsWithRelativeLowerDirectories()
    {
        // 60 layers of ~300-byte absolute paths need ~18 KB of mount data: far past one page.
        using var temp = new TempRoot(Path.Join(new string('d', 200), new string('e', 60)));
        using var snapshotter = OverlaySnapshotter.Open(Path.Join(temp.Path, "root"));
        string? parent = null;
        for (int i = 1; i <= 60; i++)
        {
            int layer = i;
            await Layer($"l{layer}", parent, fs =>
            {
                Write(fs, "top", layer.ToString());
                Write(fs, $"only{layer}", "x");
            }, snapshotter);
            parent = $"l{layer}";
        }
        var mounts = await snapshotter.PrepareAsync("c", parent);
        Assert.True(mounts[0].Options.Sum(o => o.Length + 1) > Environment.SystemPageSize);
        string target = temp.Sub("mnt");
        string cwd = Environment.CurrentDirectory;

        MountSet.MountAll(mounts, target);
        try
        {
            Assert.Equal(cwd, Environment.CurrentDirectory); // the chdir stayed on the mounting thread
            Assert.Equal("60", File.ReadAllText(Path.Join(target, "top")));
            Assert.True(File.Exists(Path.Join(target, "only1")));
            Assert.Equal(61, Directory.EnumerateFileSystemEntries(target).Count());
            File.WriteAllText(Path.Join(target, "written"), "w");
        }
        finally
        {
            MountSet.Unmount(target);
        }
        Assert.Equal("w", File.ReadAllText(Path.Join(mounts[0].WritableDirectory!, "written")));
    }

    [OverlayKernelFact]
    public void AFailedMountSetTakesOffWhatItMounted()
    {
        string source = _temp.Sub("source"), target = Target("t");
        Mount[] mounts = [new Mount("bind", source, ["rbind"]), new Mount("bind", Path.Join(_temp.Path, "missing"), ["rbind"])];

        Assert.Throws<Wharf.Linux.LinuxException>(() => MountSet.MountAll(mounts, target));

        Assert.False(MountTable.IsMountPoint(target));
    }

    [OverlayKernelFact]
    public void UnmountToleratesWhatIsNotMounted()
    {
        MountSet.Unmount(_temp.Sub("plain"));
        MountSet.Unmount(Path.Join(_temp.Path, "missing"));
    }

    [OverlayKernelFact]
    public void UnmountTakesOffStackedMounts()
    {
        string a = _temp.Sub("a"), b = _temp.Sub("b"), target = Target("t");
        MountSet.MountAll([new Mount("bind", a, ["rbind"]), new Mount("bind", b, ["rbind", "ro"])], target);
        Assert.Equal(2, MountTable.MountPoints().Count(p => p == target));

        MountSet.Unmount(target);

        Assert.False(MountTable.IsMountPoint(target));
    }
}
