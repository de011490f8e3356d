using System.Formats.Tar;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Cli.Copy;

/// <summary>
/// Unpacks an archive the daemon sent into a local directory, as docker cp's client does (go-archive
/// Untar with NoLchown and NoOverwriteDirNonDir): files keep the archive's modes and times but belong
/// to the user running the CLI; an entry replaces a file of its name, never a directory with a file or
/// the other way round. The archive is not trusted: every parent is opened with RESOLVE_BENEATH under
/// the target, so neither "..", nor an absolute name, nor a symlink (planted or already there) leads out.
/// </summary>
internal sealed class LocalExtractor : IDisposable
{
    private const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC;
    private readonly int _root;
    private readonly string _shown;
    private readonly List<(string Path, DateTimeOffset Time)> _directoryTimes = [];

    public LocalExtractor(string directory)
    {
        _shown = directory;
        _root = Libc.Open(directory, DirectoryFlags, 0);
        if (_root < 0) throw Failure(LinuxException.FromLastError("open", directory));
    }

    /// <summary>Unpacks every entry of <paramref name="archive"/>, each name passed through <paramref name="rename"/> first.</summary>
    public async Task ExtractAsync(Stream archive, Func<string, string> rename, CancellationToken cancellationToken)
    {
        var reader = new TarReader(archive, leaveOpen: true);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) continue;
                await ExtractEntryAsync(entry, rename(entry.Name), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException e)
        {
            throw new CliError($"archive/tar: {e.Message}");
        }
        catch (LinuxException e)
        {
            throw Failure(e);
        }
        foreach (var (path, time) in _directoryTimes.AsEnumerable().Reverse())
        {
            var (parent, name) = OpenParent(path, create: false);
            try
            {
                var stamp = Stamp(time);
                Libc.SetTimesAt(parent, name, stamp, stamp, Libc.AT_SYMLINK_NOFOLLOW);
            }
            finally
            {
                Libc.Close(parent);
            }
        }
    }

    private async Task ExtractEntryAsync(TarEntry entry, string rawName, CancellationToken cancellationToken)
    {
        string name = CopyPaths.Clean(rawName.TrimStart('/'));
        if (name == ".." || name.StartsWith("../", StringComparison.Ordinal))
            throw new CliError($"\"{rawName}\" is outside of \"{_shown}\"");
        if (name == ".") return; // the target's own entry: the target stays as it is (go-archive skips it)

        var (parent, leaf) = OpenParent(name, create: true);
        try
        {
            bool isDirectory = entry.EntryType == TarEntryType.Directory;
            if (Libc.TryLStatAt(parent, leaf, out var existing))
            {
                bool existingDirectory = existing.FileType == Libc.S_IFDIR;
                string path = CopyPaths.Join(_shown, name);
                if (existingDirectory && !isDirectory) throw new CliError($"cannot overwrite directory \"{path}\" with non-directory \"{_shown}\"");
                if (!existingDirectory && isDirectory) throw new CliError($"cannot overwrite non-directory \"{path}\" with directory \"{_shown}\"");
                if (!existingDirectory) Libc.Check(Libc.Unlinkat(parent, leaf, 0), "unlinkat", path);
            }
            uint mode = (uint)entry.Mode & 0xFFF;
            var stamp = Stamp(entry.ModificationTime);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!Libc.TryLStatAt(parent, leaf, out _)) Libc.Check(Libc.Mkdirat(parent, leaf, 0x1C0), "mkdirat", name);
                    Libc.Check(Libc.Fchmodat(parent, leaf, mode, 0), "fchmodat", name);
                    _directoryTimes.Add((name, entry.ModificationTime));
                    return;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    await WriteFileAsync(parent, leaf, name, entry, mode, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryType.SymbolicLink:
                    // go-archive refuses a relative target that climbs out of the target directory.
                    string target = CopyPaths.Clean(CopyPaths.Dir(name) + "/" + entry.LinkName);
                    if (!entry.LinkName.StartsWith('/') && (target == ".." || target.StartsWith("../", StringComparison.Ordinal)))
                        throw new CliError($"invalid symlink \"{CopyPaths.Join(_shown, name)}\" -> \"{entry.LinkName}\"");
                    Libc.Check(Libc.Symlinkat(entry.LinkName, parent, leaf), "symlinkat", name);
                    Libc.SetTimesAt(parent, leaf, stamp, stamp, Libc.AT_SYMLINK_NOFOLLOW);
                    return;
                case TarEntryType.HardLink:
                    LinkTo(parent, leaf, name, entry.LinkName);
                    return;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    uint type = entry.EntryType switch
                    {
                        TarEntryType.CharacterDevice => Libc.S_IFCHR,
                        TarEntryType.BlockDevice => Libc.S_IFBLK,
                        _ => Libc.S_IFIFO,
                    };
                    Libc.Check(Libc.Mknodat(parent, leaf, type | (mode & 0x1FF), Device(entry)), "mknodat", name);
                    Libc.Check(Libc.Fchmodat(parent, leaf, mode, 0), "fchmodat", name);
                    break;
                default:
                    throw new CliError($"unhandled tar header type {(int)entry.EntryType}");
            }
            Libc.SetTimesAt(parent, leaf, stamp, stamp, Libc.AT_SYMLINK_NOFOLLOW);
        }
        finally
        {
            Libc.Close(parent);
        }
    }

    private static async Task WriteFileAsync(int parent, string leaf, string name, TarEntry entry, uint mode, CancellationToken cancellationToken)
    {
        int fd = Libc.Check(Libc.Openat(parent, leaf, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0x180), "openat", name);
        await using var file = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
        if (entry.DataStream is { } data) await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        Libc.Check(Libc.Fchmod(fd, mode), "fchmod", name);
    }

    /// <summary>A hard link to an earlier entry, which must be inside the target too.</summary>
    private void LinkTo(int parent, string leaf, string name, string linkName)
    {
        string target = CopyPaths.Clean(linkName.TrimStart('/'));
        if (target == ".." || target.StartsWith("../", StringComparison.Ordinal) || target == ".")
            throw new CliError($"invalid hardlink \"{CopyPaths.Join(_shown, name)}\" -> \"{linkName}\"");
        var (targetParent, targetLeaf) = OpenParent(target, create: false);
        try
        {
            Libc.Check(Libc.Linkat(targetParent, targetLeaf, parent, leaf, 0), "linkat", name);
        }
        finally
        {
            Libc.Close(targetParent);
        }
    }

    /// <summary>
    /// The parent directory of <paramref name="name"/> (relative, cleaned) held open, resolved beneath
    /// the target (symlinks inside it are followed as long as they stay inside); missing parents are
    /// made 0755 when <paramref name="create"/>.
    /// </summary>
    private (int Parent, string Leaf) OpenParent(string name, bool create)
    {
        int slash = name.LastIndexOf('/');
        string leaf = slash < 0 ? name : name[(slash + 1)..];
        if (slash < 0) return (Libc.Check(Libc.Openat(_root, ".", DirectoryFlags, 0), "openat", _shown), leaf);
        string[] parts = name[..slash].Split('/');
        int fd = OpenBeneath(name[..slash]);
        if (fd >= 0) return (fd, leaf);
        if (!create) throw new CliError($"{CopyPaths.Join(_shown, name[..slash])}: no such directory");
        for (int i = 1; i <= parts.Length; i++)
        {
            string prefix = string.Join('/', parts, 0, i);
            int next = OpenBeneath(prefix);
            if (next >= 0)
            {
                if (i == parts.Length) return (next, leaf);
                Libc.Close(next);
                continue;
            }
            int above = i == 1 ? Libc.Check(Libc.Openat(_root, ".", DirectoryFlags, 0), "openat", _shown) : OpenBeneath(string.Join('/', parts, 0, i - 1));
            try
            {
                int made = Libc.Mkdirat(above, parts[i - 1], 0x1ED);
                if (made < 0 && Marshal.GetLastPInvokeError() != Errno.EEXIST) throw LinuxException.FromLastError("mkdirat", CopyPaths.Join(_shown, prefix));
            }
            finally
            {
                Libc.Close(above);
            }
            if (i == parts.Length)
            {
                int opened = OpenBeneath(prefix);
                if (opened < 0) throw new CliError($"{CopyPaths.Join(_shown, prefix)}: cannot open the directory just made");
                return (opened, leaf);
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>openat2(RESOLVE_BENEATH) of a directory under the target; -1 when it does not exist. Leading out is an error.</summary>
    private int OpenBeneath(string path)
    {
        var how = new Libc.OpenHow
        {
            Flags = (ulong)DirectoryFlags,
            Resolve = Libc.RESOLVE_BENEATH | Libc.RESOLVE_NO_MAGICLINKS,
        };
        for (int attempt = 0; ; attempt++)
        {
            int fd = Libc.Openat2(_root, path, how);
            if (fd >= 0) return fd;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ENOENT) return -1;
            if ((errno == Errno.EAGAIN || errno == Errno.EINTR) && attempt < 16) continue;
            if (errno == Errno.EXDEV) throw new CliError($"\"{path}\" is outside of \"{_shown}\"");
            if (errno == Errno.ENOTDIR) throw new CliError($"{CopyPaths.Join(_shown, path)}: not a directory");
            throw Failure(new LinuxException("openat2", CopyPaths.Join(_shown, path), errno));
        }
    }

    private static ulong Device(TarEntry entry) =>
        entry is PosixTarEntry posix ? Libc.Makedev(posix.DeviceMajor, posix.DeviceMinor) : 0;

    private static Libc.Timespec Stamp(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new Libc.Timespec { Seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest), Nanoseconds = rest * 100 };
    }

    private static CliError Failure(LinuxException e) => new(e.Message);

    public void Dispose() => Libc.Close(_root);
}
