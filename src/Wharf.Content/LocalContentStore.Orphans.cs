namespace Wharf.Content;

// Removing what crashed ingests left behind.
public sealed partial class LocalContentStore
{
    /// <summary>Where a writer's lock waits, held, until its ingest directory exists: "&lt;dir&gt;.lock".</summary>
    internal const string PendingLockSuffix = ".lock";

    private enum LockState { Missing, Free, Held }

    /// <summary>
    /// Removes ingest directories whose writer is gone. A live ingest, in this process or another,
    /// holds an exclusive lock (flock, which .NET takes for FileShare.None) on its lock file, and the
    /// kernel drops it when the process dies; so a directory whose lock can be taken is debris, and
    /// so is one without a lock unless its writer's pending lock beside it is held (the writer is
    /// between taking the lock and moving it in). Called by <see cref="Open"/>; safe to call at any
    /// time. Returns how many entries were removed.
    /// (With DOTNET_SYSTEM_IO_DISABLEFILELOCKING set, .NET takes no locks and this would remove
    /// other processes' live ingests: do not set it for wharfd.)
    /// </summary>
    public int CleanupOrphans()
    {
        int removed = 0;
        foreach (string entry in Directory.EnumerateFileSystemEntries(_ingests))
        {
            if (!Directory.Exists(entry))
            {
                // A file: a writer's pending lock (live while held) or debris.
                if (Probe(entry) == LockState.Held) continue;
                TryDelete(() => File.Delete(entry));
                removed++;
                continue;
            }
            // The pending lock first: once it is gone, a live writer's lock is already inside.
            if (Probe(entry + PendingLockSuffix) == LockState.Held) continue;
            if (Probe(Path.Join(entry, LocalContentWriter.LockName)) == LockState.Held) continue;
            DeleteTree(entry);
            removed++;
        }
        return removed;
    }

    private static LockState Probe(string lockFile)
    {
        try
        {
            using var taken = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return LockState.Free;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return LockState.Missing;
        }
        catch (IOException)
        {
            return LockState.Held;
        }
    }

    /// <summary>Deletes a directory tree that someone else may be deleting too.</summary>
    internal static void DeleteTree(string directory) => TryDelete(() => Directory.Delete(directory, recursive: true));

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
        }
    }
}
