using Microsoft.Win32.SafeHandles;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers.Diff;

/// <summary>
/// Walks an overlayfs upper directory depth first, names sorted ordinally, and writes each node as
/// a tar entry: whiteout devices as `.wh.NAME`, opaque directories with `.wh..wh..opq`, a second
/// name of an inode as a hard link. Everything is reached through descriptors without following
/// symlinks, since a container wrote this tree. Without <c>overlayWhiteouts</c> it writes any tree
/// as it is (docker cp): a 0/0 device is a device, the overlay xattrs mean nothing.
/// </summary>
internal sealed class UpperDirArchive(LayerTarWriter writer, bool overlayWhiteouts = true)
{
    private readonly Dictionary<(uint, uint, ulong), string> _firstNames = [];

    public async Task WriteAsync(string upperDir, CancellationToken cancellationToken)
    {
        int root = Libc.Check(Libc.Open(upperDir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", upperDir);
        try
        {
            var (_, opaque) = DirectoryXattrs(root);
            if (opaque && overlayWhiteouts) await writer.WriteAsync(OpaqueMarker("", Libc.LStatAt(root, ".")), null, cancellationToken).ConfigureAwait(false);
            await WriteChildrenAsync(root, "", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Libc.Close(root);
        }
    }

    private async Task WriteChildrenAsync(int dirfd, string prefix, CancellationToken cancellationToken)
    {
        foreach (string name in DirectoryTree.List(dirfd))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stat = Libc.LStatAt(dirfd, name);
            string path = prefix + name;
            switch (stat.FileType)
            {
                case Libc.S_IFCHR when overlayWhiteouts && stat.RdevMajor == 0 && stat.RdevMinor == 0:
                    // Whiteouts are never hard links, although overlayfs may share one inode among them.
                    await writer.WriteAsync(WhiteoutEntry(prefix + Whiteout.Prefix + name, stat), null, cancellationToken).ConfigureAwait(false);
                    break;
                case Libc.S_IFDIR:
                    await WriteDirectoryAsync(dirfd, name, path + "/", stat, cancellationToken).ConfigureAwait(false);
                    break;
                case Libc.S_IFSOCK:
                    break; // tar has no sockets; Docker skips them too
                default:
                    await WriteNodeAsync(dirfd, name, path, stat, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// Writes the node <paramref name="name"/> of the directory <paramref name="parent"/> ("." for the
    /// directory itself) under the name <paramref name="archiveName"/>, and all a directory holds under
    /// that name; a symlink is written as the link.
    /// </summary>
    public async Task WriteNodeTreeAsync(int parent, string name, string archiveName, CancellationToken cancellationToken)
    {
        var stat = Libc.LStatAt(parent, name);
        if (stat.FileType == Libc.S_IFDIR)
            await WriteDirectoryAsync(parent, name, archiveName.EndsWith('/') ? archiveName : archiveName + "/", stat, cancellationToken).ConfigureAwait(false);
        else if (stat.FileType != Libc.S_IFSOCK)
            await WriteNodeAsync(parent, name, archiveName, stat, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="prefix">The directory's name in the archive, with its trailing "/".</param>
    private async Task WriteDirectoryAsync(int parent, string name, string prefix, Libc.Statx stat, CancellationToken cancellationToken)
    {
        int fd = Libc.Check(Libc.Openat(parent, name, DirectoryTree.DirectoryFlags, 0), "openat", prefix);
        try
        {
            var (xattrs, opaque) = DirectoryXattrs(fd);
            await writer.WriteAsync(Entry(TarEntryKind.Directory, prefix, stat, xattrs), null, cancellationToken).ConfigureAwait(false);
            if (opaque && overlayWhiteouts) await writer.WriteAsync(OpaqueMarker(prefix, stat), null, cancellationToken).ConfigureAwait(false);
            await WriteChildrenAsync(fd, prefix, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private async Task WriteNodeAsync(int parent, string name, string path, Libc.Statx stat, CancellationToken cancellationToken)
    {
        if (stat.Nlink > 1)
        {
            var inode = (stat.DevMajor, stat.DevMinor, stat.Ino);
            if (_firstNames.TryGetValue(inode, out string? first))
            {
                await writer.WriteAsync(Entry(TarEntryKind.HardLink, path, stat, []) with { LinkName = first }, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            _firstNames[inode] = path;
        }
        var xattrs = XattrSet.Read(DirectoryTree.ProcPath(parent, name), path);
        switch (stat.FileType)
        {
            case Libc.S_IFREG:
                int fd = Libc.Check(Libc.Openat(parent, name, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0), "openat", path);
                await using (var content = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0))
                {
                    var entry = Entry(TarEntryKind.RegularFile, path, stat, xattrs) with { Size = (long)stat.Size };
                    await writer.WriteAsync(entry, content, cancellationToken).ConfigureAwait(false);
                }
                break;
            case Libc.S_IFLNK:
                var link = Entry(TarEntryKind.SymbolicLink, path, stat, xattrs) with { LinkName = Libc.ReadLinkAtText(parent, name) };
                await writer.WriteAsync(link, null, cancellationToken).ConfigureAwait(false);
                break;
            case Libc.S_IFCHR or Libc.S_IFBLK:
                var kind = stat.FileType == Libc.S_IFCHR ? TarEntryKind.CharacterDevice : TarEntryKind.BlockDevice;
                var device = Entry(kind, path, stat, xattrs) with { DevMajor = stat.RdevMajor, DevMinor = stat.RdevMinor };
                await writer.WriteAsync(device, null, cancellationToken).ConfigureAwait(false);
                break;
            case Libc.S_IFIFO:
                await writer.WriteAsync(Entry(TarEntryKind.Fifo, path, stat, xattrs), null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new WharfException(ErrorKind.Internal, $"{path}: unknown file type {stat.FileType:x}");
        }
    }

    private static (IReadOnlyList<KeyValuePair<string, byte[]>> Xattrs, bool Opaque) DirectoryXattrs(int fd)
    {
        var xattrs = XattrSet.Read(fd);
        bool opaque = Libc.FGetXattr(fd, Whiteout.OpaqueXattr) is [(byte)'y'];
        return (xattrs, opaque);
    }

    private static TarEntry Entry(TarEntryKind kind, string name, Libc.Statx stat, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs) => new()
    {
        Kind = kind,
        Name = name,
        Mode = stat.Mode & 0b111_111_111_111u,
        Uid = stat.Uid,
        Gid = stat.Gid,
        // Whole seconds, as Docker writes them: the same tree gives the same bytes.
        ModTime = new TarTime(stat.Mtime.Seconds, 0),
        Xattrs = xattrs,
    };

    /// <summary>Docker's form: an empty regular file, mode 0600, with the device's owner and mtime.</summary>
    private static TarEntry WhiteoutEntry(string name, Libc.Statx stat) =>
        Entry(TarEntryKind.RegularFile, name, stat, []) with { Mode = 0b110_000_000 };

    /// <summary>
    /// An empty regular file inside the directory, with the directory's permissions and owner and
    /// no time (0), as Docker writes it (moby's overlayWhiteoutConverter leaves ModTime unset).
    /// </summary>
    private static TarEntry OpaqueMarker(string directory, Libc.Statx stat) =>
        Entry(TarEntryKind.RegularFile, directory + Whiteout.OpaqueMarker, stat, []) with
        {
            Mode = stat.Mode & 0b111_111_111u,
            ModTime = new TarTime(0, 0),
        };
}
