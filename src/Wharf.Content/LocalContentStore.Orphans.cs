namespace Wharf.Content;

// Removing what crashed ingests left behind.
public sealed partial class LocalContentStore
{
    // An ingest directory without its lock file is one being created or being removed; only one
    // this old is taken for debris.
    private static readonly TimeSpan UnlockedDirectoryAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Removes ingest directories whose writer is gone. A live ingest, in this process or another,
    /// holds an exclusive lock (flock, which .NET takes for FileShare.None) on its lock file, and the
    /// kernel drops it when the process dies; so a directory whose lock can be taken is debris.
    /// Called by <see cref="Open"/>; safe to call at any time. Returns how many were removed.
    /// (With DOTNET_SYSTEM_IO_DISABLEFILELOCKING set, .NET takes no locks and this would remove
    /// other processes' live ingests: do not set it for wharfd.)
    /// </summary>
    public int CleanupOrphans()
    {
        int removed = 0;
        foreach (string directory in Directory.EnumerateFileSystemEntries(_ingests))
        {
            if (File.Exists(directory))
            {
                TryDelete(() => File.Delete(directory)); // nothing is ever written there as a file
                removed++;
                continue;
            }
            FileStream? held = null;
            try
            {
                held = new FileStream(Path.Join(directory, LocalContentWriter.LockName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (FileNotFoundException)
            {
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) < UnlockedDirectoryAge) continue;
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            catch (IOException)
            {
                continue; // locked: a live ingest
            }
            try
            {
                DeleteTree(directory);
                removed++;
            }
            finally
            {
                held?.Dispose();
            }
        }
        return removed;
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
