using System.Collections.Concurrent;

namespace Wharf.Images.Tests.Archive;

/// <summary>An image store in memory, for the archive tests.</summary>
internal sealed class InMemoryImageStore : IImageStore
{
    private readonly ConcurrentDictionary<string, ImageRecord> _records = new(StringComparer.Ordinal);

    public Task<ImageRecord?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(name));

    public Task<IReadOnlyList<ImageRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageRecord>>(_records.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList());

    public Task PutAsync(ImageRecord record, CancellationToken cancellationToken = default)
    {
        _records[record.Name] = record;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryRemove(name, out _));
}
