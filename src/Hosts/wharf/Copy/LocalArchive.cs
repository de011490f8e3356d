using System.Formats.Tar;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Cli.Copy;

/// <summary>
/// A tar of a local file or directory, as docker cp's client makes it (go-archive TarResource):
/// the source's base name first, a directory's contents under it ("dir/." names them "./..."),
/// numeric owners, whole-second mtimes, symlinks as links, a second name of an inode as a hard
/// link, sockets left out. Names pass through a rename (the copy's rebasing) before they are written.
/// </summary>
internal sealed class LocalArchive(CopyInfo source, Func<string, string> rename)
{
    private readonly Dictionary<(uint, uint, ulong), string> _firstNames = [];

    /// <summary>Writes the archive to <paramref name="output"/> (left open).</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        var (sourceDir, sourceBase) = CopyPaths.SplitPathDirEntry(source.Path);
        string walkRoot = sourceBase == "." ? sourceDir : CopyPaths.Join(sourceDir, sourceBase);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        string rootName = sourceBase == "." ? "." : sourceBase;
        await WriteTreeAsync(writer, walkRoot, Rebase(rootName, sourceBase), followRoot: sourceBase == ".", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TarWithOptions' RebaseNames: the include's first occurrence becomes the rebase name ("/" becomes "").</summary>
    private string Rebase(string name, string include)
    {
        if (source.RebaseName.Length == 0) return name;
        string replacement = source.RebaseName == "/" ? "" : source.RebaseName;
        int at = name.IndexOf(include, StringComparison.Ordinal);
        return at < 0 ? name : string.Concat(name.AsSpan(0, at), replacement, name.AsSpan(at + include.Length));
    }

    private async Task WriteTreeAsync(TarWriter writer, string path, string name, bool followRoot, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Libc.Statx stat;
        try
        {
            stat = followRoot ? Stat(path) : Libc.LStatAt(Libc.AT_FDCWD, path);
        }
        catch (LinuxException e)
        {
            throw new CliError(e.Message);
        }
        if (stat.FileType == Libc.S_IFSOCK) return;
        if (stat.FileType == Libc.S_IFDIR)
        {
            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, name.EndsWith('/') ? name : name + "/", stat), cancellationToken).ConfigureAwait(false);
            var children = Directory.EnumerateFileSystemEntries(path, "*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false })
                .Select(Path.GetFileName).Select(n => n!).ToList();
            children.Sort(StringComparer.Ordinal);
            string prefix = name.EndsWith('/') ? name : name + "/";
            foreach (string child in children)
                await WriteTreeAsync(writer, path + "/" + child, prefix + child, followRoot: false, cancellationToken).ConfigureAwait(false);
            return;
        }
        string final = rename(name);
        if (stat.FileType != Libc.S_IFDIR && stat.Nlink > 1)
        {
            var inode = (stat.DevMajor, stat.DevMinor, stat.Ino);
            if (_firstNames.TryGetValue(inode, out string? first))
            {
                await writer.WriteEntryAsync(Entry(TarEntryType.HardLink, name, stat, linkName: first), cancellationToken).ConfigureAwait(false);
                return;
            }
            _firstNames[inode] = final;
        }
        switch (stat.FileType)
        {
            case Libc.S_IFREG:
                await using (var content = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.SequentialScan, BufferSize = 0 }))
                {
                    var entry = Entry(TarEntryType.RegularFile, name, stat);
                    entry.DataStream = content;
                    await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
                break;
            case Libc.S_IFLNK:
                await writer.WriteEntryAsync(Entry(TarEntryType.SymbolicLink, name, stat, linkName: Libc.ReadLinkAtText(Libc.AT_FDCWD, path)), cancellationToken).ConfigureAwait(false);
                break;
            case Libc.S_IFCHR or Libc.S_IFBLK:
                var device = Entry(stat.FileType == Libc.S_IFCHR ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice, name, stat);
                device.DeviceMajor = (int)stat.RdevMajor;
                device.DeviceMinor = (int)stat.RdevMinor;
                await writer.WriteEntryAsync(device, cancellationToken).ConfigureAwait(false);
                break;
            case Libc.S_IFIFO:
                await writer.WriteEntryAsync(Entry(TarEntryType.Fifo, name, stat), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private PaxTarEntry Entry(TarEntryType type, string name, Libc.Statx stat, string? linkName = null)
    {
        var entry = new PaxTarEntry(type, rename(name))
        {
            Mode = (UnixFileMode)(stat.Mode & 0xFFF),
            Uid = (int)stat.Uid,
            Gid = (int)stat.Gid,
            ModificationTime = DateTimeOffset.FromUnixTimeSeconds(stat.Mtime.Seconds),
        };
        if (linkName is not null) entry.LinkName = linkName;
        return entry;
    }

    /// <summary>stat that follows a final symlink ("dir/." of a linked directory).</summary>
    private static unsafe Libc.Statx Stat(string path)
    {
        Libc.Statx stat;
        Libc.Check(Libc.StatxAt(Libc.AT_FDCWD, path, 0, Libc.STATX_BASIC_STATS, &stat), "stat", path);
        return stat;
    }
}
