using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>Makes nodes the way a container's upper dir would hold them, with exact metadata.</summary>
internal sealed class FileTree(string root)
{
    public const long Mtime = 1_700_000_000;

    private readonly List<(string Path, long Time)> _directories = [];

    public string Path(string relative) => System.IO.Path.Join(root, relative);

    public FileTree Directory(string name, uint mode = 0b111_101_101, uint uid = 0, uint gid = 0, long mtime = Mtime)
    {
        Libc.Check(Libc.Mkdir(Path(name), 0b111_000_000), "mkdir", name);
        Own(name, mode, uid, gid);
        _directories.Add((name, mtime));
        return this;
    }

    public FileTree File(string name, byte[] content, uint mode = 0b110_100_100, uint uid = 0, uint gid = 0, long mtime = Mtime)
    {
        System.IO.File.WriteAllBytes(Path(name), content);
        Own(name, mode, uid, gid);
        return Times(name, mtime);
    }

    public FileTree Symlink(string name, string target, uint uid = 0, uint gid = 0, long mtime = Mtime)
    {
        Libc.Check(Libc.Symlink(target, Path(name)), "symlink", name);
        Libc.Check(Libc.Lchown(Path(name), uid, gid), "lchown", name);
        return Times(name, mtime);
    }

    public FileTree HardLink(string name, string existing)
    {
        Libc.Check(Libc.Linkat(Libc.AT_FDCWD, Path(existing), Libc.AT_FDCWD, Path(name), 0), "linkat", name);
        return this;
    }

    public FileTree Node(string name, uint type, uint major, uint minor, uint mode, uint uid = 0, uint gid = 0, long mtime = Mtime)
    {
        Libc.Check(Libc.Mknod(Path(name), type | mode, Libc.Makedev(major, minor)), "mknod", name);
        Own(name, mode, uid, gid);
        return Times(name, mtime);
    }

    public FileTree Xattr(string name, string key, byte[] value)
    {
        Libc.LSetXattr(Path(name), key, value);
        return this;
    }

    /// <summary>Directory mtimes last, since filling a directory moves its mtime.</summary>
    public void Finish()
    {
        foreach (var (name, time) in _directories) Times(name, time);
    }

    private void Own(string name, uint mode, uint uid, uint gid)
    {
        // chown clears setuid/setgid: mode after owner.
        Libc.Check(Libc.Lchown(Path(name), uid, gid), "lchown", name);
        Libc.Check(Libc.Chmod(Path(name), mode), "chmod", name);
    }

    private FileTree Times(string name, long seconds)
    {
        var time = new Libc.Timespec { Seconds = seconds };
        Libc.SetTimesAt(Libc.AT_FDCWD, Path(name), time, time, Libc.AT_SYMLINK_NOFOLLOW);
        return this;
    }
}
