using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Core;
using Wharf.Linux.FileSystem;

namespace Wharf.Images.Store;

/// <summary>
/// <see cref="IImageStore"/> as one JSON file per record: root/images/&lt;sha256 of name&gt;.json, each
/// written with <see cref="AtomicFile.Write"/> (temp file, fsync, rename), so a crash leaves the old
/// or the new record. Hashing the name gives a safe, fixed-length file name for any reference.
/// Writers in this process take turns; a file that does not read back as a valid record for its
/// name (torn by a foreign writer, edited, corrupted on disk) is reported through
/// <c>onCorruptRecord</c> and treated as absent, so one bad file never hides the other images.
/// </summary>
public sealed class FileImageStore : IImageStore
{
    private const long MaxRecordSize = 1024 * 1024;
    private readonly string _directory;
    private readonly Action<string> _onCorruptRecord;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private FileImageStore(string directory, Action<string> onCorruptRecord)
    {
        _directory = directory;
        _onCorruptRecord = onCorruptRecord;
    }

    /// <summary>The directory holding the record files.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Opens (creating if needed) root/images and deletes temp files a crashed write left behind.
    /// </summary>
    /// <param name="onCorruptRecord">Told, in one line, about each record file that cannot be read.</param>
    public static FileImageStore Open(string root, Action<string>? onCorruptRecord = null)
    {
        string directory = Path.Join(Path.GetFullPath(root), "images");
        System.IO.Directory.CreateDirectory(directory);
        foreach (string temp in System.IO.Directory.EnumerateFiles(directory, ".*.tmp"))
            File.Delete(temp);
        return new FileImageStore(directory, onCorruptRecord ?? (_ => { }));
    }

    public async Task<ImageRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string path = PathOf(name);
        if (!File.Exists(path)) return null;
        var record = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is not null && record.Name != name)
        {
            Report(path, $"it holds the record of \"{record.Name}\", not of \"{name}\"");
            return null;
        }
        return record;
    }

    public async Task<IReadOnlyList<ImageRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<ImageRecord>();
        foreach (string path in System.IO.Directory.EnumerateFiles(_directory, "*.json"))
        {
            if (Path.GetFileName(path).StartsWith('.')) continue;
            var record = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (record is null) continue;
            if (FileNameOf(record.Name) != Path.GetFileName(path))
            {
                Report(path, $"its name \"{record.Name}\" does not hash to the file name");
                continue;
            }
            records.Add(record);
        }
        records.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return records;
    }

    public async Task PutAsync(ImageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Validate(record);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, ImageRecordJsonContext.Default.ImageRecord);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AtomicFile.Write(PathOf(record.Name), json);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string path = PathOf(name);
            if (!File.Exists(path)) return false;
            File.Delete(path);
            AtomicFile.FsyncDirectory(_directory);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ImageRecord?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] json;
        try
        {
            if (new FileInfo(path).Length > MaxRecordSize)
            {
                Report(path, $"it is larger than {MaxRecordSize} bytes");
                return null;
            }
            json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted meanwhile
        }
        try
        {
            var record = JsonSerializer.Deserialize(json, ImageRecordJsonContext.Default.ImageRecord)
                ?? throw new JsonException("it is null");
            Validate(record);
            return record;
        }
        catch (Exception e) when (e is JsonException or WharfException or ArgumentException)
        {
            Report(path, e.Message);
            return null;
        }
    }

    private static void Validate(ImageRecord record)
    {
        if (string.IsNullOrEmpty(record.Name)) throw WharfException.Invalid("image record has no name");
        if (record.Target is null) throw WharfException.Invalid($"image record {record.Name} has no target");
        if (record.Target.Digest.Algorithm is null) throw WharfException.Invalid($"image record {record.Name} has no target digest");
        if (record.Target.Size < 0) throw WharfException.Invalid($"image record {record.Name} has a negative target size");
    }

    private void Report(string path, string reason) =>
        _onCorruptRecord($"image record {path} is corrupt and was skipped: {reason}");

    private string PathOf(string name) => Path.Join(_directory, FileNameOf(name));

    private static string FileNameOf(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))) + ".json";
}
