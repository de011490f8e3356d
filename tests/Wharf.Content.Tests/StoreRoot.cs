namespace Wharf.Content.Tests;

/// <summary>A unique temp directory for one test's store, deleted (read-only blobs and all) afterwards.</summary>
internal sealed class StoreRoot : IDisposable
{
    public StoreRoot() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Join(System.IO.Path.GetTempPath(), $"wharf-content-test-{Guid.NewGuid():N}");

    public string Ingests => System.IO.Path.Join(Path, "ingest");

    public LocalContentStore Open() => LocalContentStore.Open(Path);

    public string[] IngestEntries() => Directory.Exists(Ingests) ? Directory.GetFileSystemEntries(Ingests) : [];

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
