using System.Text.Json;
using Wharf.Core;
using Wharf.Linux.FileSystem;
using Wharf.Linux.Mounts;

namespace Wharf.Containers;

/// <summary>
/// Container records on disk: one directory per container, root/&lt;id&gt;/, with the record in
/// root/&lt;id&gt;/config.json. Every save is atomic and durable (temp file, fsync, rename, fsync
/// of the directory), so a crash leaves the old or the new record, never a torn one and never
/// none. The directory is the container's: the engine may keep its other files (hostname,
/// hosts, resolv.conf, logs) there, and <see cref="DeleteAsync"/> removes them with it.
///
/// Saves of different containers may run at once; the engine serializes saves of one container.
/// </summary>
public sealed class ContainerStore
{
    /// <summary>The largest record file read or written.</summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;

    public const string RecordFileName = "config.json";

    public ContainerStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The container's directory (it may not exist yet).</summary>
    public string DirectoryOf(string id) => Path.Join(Root, CheckId(id));

    /// <summary>
    /// Reads every record. A record that cannot be read (corrupt, torn by a foreign writer,
    /// oversized, of another id, missing) is reported in <see cref="ContainerStoreLoad.Problems"/>
    /// and skipped, never deleted: its directory may still hold what an operator wants back.
    /// Leftover temp files of interrupted saves are removed.
    /// </summary>
    public async Task<ContainerStoreLoad> LoadAllAsync(CancellationToken cancellationToken = default)
    {
        var containers = new List<Container>();
        var problems = new List<ContainerStoreProblem>();
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = Path.GetFileName(dir);
            if (!ContainerId.IsValid(id))
            {
                problems.Add(new(id, dir, "the directory name is not a container id"));
                continue;
            }
            RemoveTempFiles(dir);
            string path = Path.Join(dir, RecordFileName);
            try
            {
                var container = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
                if (container.Id != id)
                    problems.Add(new(id, path, $"it holds the record of container \"{UntrustedName.Show(container.Id)}\""));
                else
                    containers.Add(container);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
            {
                problems.Add(new(id, path, e is FileNotFoundException ? "it has no record" : e.Message));
            }
        }
        containers.Sort((a, b) => a.Created.CompareTo(b.Created));
        return new ContainerStoreLoad(containers, problems);
    }

    /// <summary>Writes <paramref name="container"/>'s record atomically and durably.</summary>
    public Task SaveAsync(Container container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        cancellationToken.ThrowIfCancellationRequested();
        string dir = DirectoryOf(container.Id);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(container, ContainerJsonContext.Default.Container);
        if (json.Length > MaxRecordBytes)
            throw WharfException.Invalid($"the record of container {container.Id} is {json.Length} bytes, over the limit of {MaxRecordBytes}");
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            AtomicFile.FsyncDirectory(Root); // the new directory's entry must survive a crash too
        }
        AtomicFile.Write(Path.Join(dir, RecordFileName), json, durable: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes the container's directory with everything in it. Refuses while anything is still
    /// mounted below it: a recursive delete would reach into the mount.
    /// </summary>
    /// <returns>false when there was nothing to delete.</returns>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string dir = DirectoryOf(id);
        if (!Directory.Exists(dir)) return Task.FromResult(false);
        var mounts = MountTable.MountPointsUnder(dir);
        if (mounts.Count > 0)
            throw WharfException.Conflict($"cannot remove the directory of container {id}: {mounts[0]} is still mounted");
        Directory.Delete(dir, recursive: true);
        AtomicFile.FsyncDirectory(Root);
        return Task.FromResult(true);
    }

    private static async Task<Container> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true);
        if (stream.Length > MaxRecordBytes)
            throw new InvalidDataException($"it is {stream.Length} bytes, over the limit of {MaxRecordBytes}");
        var buffer = new byte[stream.Length];
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        var container = JsonSerializer.Deserialize(buffer, ContainerJsonContext.Default.Container)
            ?? throw new InvalidDataException("it holds null");
        if (!ContainerId.IsValid(container.Id)) throw new InvalidDataException("its id is not a container id");
        return container;
    }

    private static void RemoveTempFiles(string dir)
    {
        foreach (string temp in Directory.EnumerateFiles(dir, $".{RecordFileName}.*.tmp"))
        {
            try { File.Delete(temp); }
            catch (IOException) { } // another process's write in flight, or gone already
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string CheckId(string id) =>
        ContainerId.IsValid(id) ? id : throw WharfException.Invalid($"invalid container id \"{UntrustedName.Show(id)}\"");
}

/// <summary>What <see cref="ContainerStore.LoadAllAsync"/> found: the readable records (oldest first) and the others.</summary>
public sealed record ContainerStoreLoad(IReadOnlyList<Container> Containers, IReadOnlyList<ContainerStoreProblem> Problems);

/// <summary>A record that could not be loaded: which container, which file, and why, in one line.</summary>
public sealed record ContainerStoreProblem(string Id, string Path, string Reason)
{
    public override string ToString() => $"container record {Path} was skipped: {Reason}";
}
