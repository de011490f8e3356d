using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.FileSystem;
using Wharf.Linux.Interop;

namespace Wharf.Runtime.State;

/// <summary>
/// The runtime's state root (`--root`, default /run/wharf-runtime): a directory per container
/// holding state.json and, until `start`, the exec FIFO the init process waits on.
/// </summary>
public sealed class StateStore(string root)
{
    public const string DefaultRoot = "/run/wharf-runtime";
    private const string RecordFile = "state.json";
    public const string ExecFifoName = "exec.fifo";

    public string Root { get; } = Path.GetFullPath(root);

    public string DirectoryOf(string id) => Path.Combine(Root, id);
    public string ExecFifoOf(string id) => Path.Combine(Root, id, ExecFifoName);

    /// <summary>Claims the id by making its directory; a second claim fails as the id is in use.</summary>
    public string Claim(string id)
    {
        Directory.CreateDirectory(Root);
        string dir = DirectoryOf(id);
        if (Libc.Mkdir(dir, 0x1c9 /* 0711 */) != 0)
        {
            var error = LinuxException.FromLastError("mkdir", dir);
            if (error.Errno == Errno.EEXIST)
                throw WharfException.Exists($"container with id exists: {id}");
            throw error;
        }
        return dir;
    }

    /// <summary>
    /// Atomic but not fsynced: runtime state lives on tmpfs (/run) and describes processes that
    /// a reboot ends anyway, so a torn write is what must never happen, not a lost one.
    /// </summary>
    public void Save(ContainerRecord record) =>
        AtomicFile.Write(Path.Combine(DirectoryOf(record.Id), RecordFile),
            JsonSerializer.SerializeToUtf8Bytes(record, StateJsonContext.Default.ContainerRecord), durable: false);

    public ContainerRecord Load(string id)
    {
        ContainerId.Validate(id);
        string path = Path.Combine(DirectoryOf(id), RecordFile);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw WharfException.NotFound($"container does not exist: {id}");
        }
        return JsonSerializer.Deserialize(bytes, StateJsonContext.Default.ContainerRecord)
            ?? throw WharfException.Invalid($"corrupt state for container {id}");
    }

    public IEnumerable<ContainerRecord> List()
    {
        if (!Directory.Exists(Root)) yield break;
        foreach (string dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            ContainerRecord? record = null;
            try
            {
                record = Load(Path.GetFileName(dir));
            }
            catch (WharfException)
            {
                // a container still being created has no record yet
            }
            if (record is not null) yield return record;
        }
    }

    public void Remove(string id)
    {
        string dir = DirectoryOf(id);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}

/// <summary>
/// The runtime's JSON: its state records, and the bundle's config.json read through the same context
/// (OCI's naming, as OciJsonContext): a process that loads a bundle and saves the record (`run`, the
/// shim) sets up the spec's large type graph once, not once per context (milliseconds per container).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(RuntimeSpec))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
