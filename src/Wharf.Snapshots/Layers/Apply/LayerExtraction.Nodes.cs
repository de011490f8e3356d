using System.Text;
using Microsoft.Win32.SafeHandles;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers.Apply;

/// <summary>Making each kind of node. Every call is relative to the parent's descriptor and never follows the final name.</summary>
internal sealed partial class LayerExtraction
{
    private const int NewFileFlags = Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    private async ValueTask WriteFileAsync(TarEntry entry, int parent, string[] path, CancellationToken cancellationToken)
    {
        string name = path[^1];
        target.Clear(parent, path, keepDirectory: false);
        int fd = Libc.Check(Libc.Openat(parent, name, NewFileFlags, 0b110_000_000), "openat", entry.Name);
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        // Streamed straight from the archive; the FileStream closes the descriptor when done.
        await using var file = new FileStream(handle, FileAccess.Write, bufferSize: 0);
        await reader.CopyDataAsync(file, cancellationToken).ConfigureAwait(false);
        // Start the writeback now (as dpkg does), so the syncfs before the snapshot's commit has little to wait for.
        if (entry.Size > 0) Libc.SyncFileRange(fd, 0, 0, Libc.SYNC_FILE_RANGE_WRITE);
        SetMetadata(fd, entry);
        Libc.SetTimes(fd, Timespec(entry.ModTime), Timespec(entry.ModTime));
    }

    private void MakeDirectory(TarEntry entry, int parent, string[] path)
    {
        string name = path[^1];
        if (!target.Clear(parent, path, keepDirectory: true))
            Libc.Check(Libc.Mkdirat(parent, name, 0b111_000_000), "mkdirat", entry.Name);
        int fd = Libc.Check(Libc.Openat(parent, name, DirectoryTree.DirectoryFlags, 0), "openat", entry.Name);
        try
        {
            SetMetadata(fd, entry);
        }
        finally
        {
            Libc.Close(fd);
        }
        _directoryTimes[LayerPath.Join(path)] = (path, entry.ModTime);
    }

    private void MakeSymlink(TarEntry entry, int parent, string[] path)
    {
        // The target is stored verbatim: it is only ever resolved inside the container's root.
        if (entry.LinkName.Length == 0) throw LayerError.Entry(entry.Name, "symlink has no target");
        if (entry.LinkName.Contains('\0')) throw LayerError.Entry(entry.Name, "symlink target contains a NUL byte");
        if (Encoding.UTF8.GetByteCount(entry.LinkName) >= limits.MaxPathBytes)
            throw LayerError.Entry(entry.Name, $"symlink target is longer than {limits.MaxPathBytes - 1} bytes");
        string name = path[^1];
        target.Clear(parent, path, keepDirectory: false);
        Libc.Check(Libc.Symlinkat(entry.LinkName, parent, name), "symlinkat", entry.Name);
        SetMetadataAt(parent, name, entry, isSymlink: true);
    }

    private void MakeHardLink(TarEntry entry, int parent, string[] path)
    {
        // Resolved like an entry name: inside the root, through no symlink; escaping is an error, as in containerd.
        string[] linked = LayerPath.Clean(entry.LinkName, entry.Name, "hard link target", limits);
        if (linked.Length == 0) throw LayerError.Entry(entry.Name, "hard link target is the layer root");
        if (linked.AsSpan().SequenceEqual(path)) throw LayerError.Entry(entry.Name, "hard link to itself");
        int linkedParent = target.OpenExisting(linked.AsSpan(0, linked.Length - 1), entry.Name);
        try
        {
            string linkedName = linked[^1];
            if (!Libc.TryLStatAt(linkedParent, linkedName, out var stat))
                throw LayerError.Entry(entry.Name, $"hard link target \"{LayerError.Show(entry.LinkName)}\" is not in this layer");
            if (stat.FileType == Libc.S_IFDIR)
                throw LayerError.Entry(entry.Name, "hard link target is a directory");
            target.Clear(parent, path, keepDirectory: false);
            // flags 0: a symlink target is linked itself, not followed.
            Libc.Check(Libc.Linkat(linkedParent, linkedName, parent, path[^1], 0), "linkat", entry.Name);
        }
        finally
        {
            Libc.Close(linkedParent);
        }
        // The linked inode already has its metadata; the link's header does not change it (containerd).
    }

    private void MakeNode(TarEntry entry, int parent, string[] path)
    {
        (uint type, ulong device) = entry.Kind switch
        {
            TarEntryKind.CharacterDevice => (Libc.S_IFCHR, Libc.Makedev(entry.DevMajor, entry.DevMinor)),
            TarEntryKind.BlockDevice => (Libc.S_IFBLK, Libc.Makedev(entry.DevMajor, entry.DevMinor)),
            _ => (Libc.S_IFIFO, 0UL),
        };
        string name = path[^1];
        target.Clear(parent, path, keepDirectory: false);
        Libc.Check(Libc.Mknodat(parent, name, type | (entry.Mode & 0b111_111_111), device), "mknodat", entry.Name);
        SetMetadataAt(parent, name, entry, isSymlink: false);
    }
}
