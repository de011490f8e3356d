namespace Wharf.Images;

/// <summary>
/// The image records: name → target descriptor. Each call is atomic and durable on return
/// (a crash leaves either the old or the new record, never a torn one); blobs the targets
/// lead to live in the content store and must be complete before a record points at them.
/// </summary>
public interface IImageStore
{
    /// <summary>The record for a name (normalised reference or dangling name), or null.</summary>
    Task<ImageRecord?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every record, ordered by name.</summary>
    Task<IReadOnlyList<ImageRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the record or replaces the one with the same name.</summary>
    Task PutAsync(ImageRecord record, CancellationToken cancellationToken = default);

    /// <summary>Removes a record; false if there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
