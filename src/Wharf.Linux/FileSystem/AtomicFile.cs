namespace Wharf.Linux.FileSystem;

/// <summary>
/// Writes a file so that a crash leaves either the old or the new content, never a torn one:
/// temp file in the same directory, fsync, rename, fsync of the directory.
/// </summary>
public static class AtomicFile
{
    /// <param name="durable">fsync the file and its directory, so the write also survives a
    /// power loss; false where the rename's atomicity is all that matters (state on tmpfs).</param>
    public static void Write(string path, ReadOnlySpan<byte> content, bool durable = true)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        if (durable) FsyncDirectory(dir);
    }

    /// <summary>
    /// Makes a directory's entries durable (a rename or create in it survives a power loss).
    /// .NET cannot open a directory, so libraries that may not call libc take this as a callback.
    /// </summary>
    public static void FsyncDirectory(string dir)
    {
        int fd = Interop.Libc.Open(dir, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC, 0);
        if (fd < 0) return; // durability is best effort where the directory cannot be opened
        Interop.Libc.Fsync(fd);
        Interop.Libc.Close(fd);
    }
}
