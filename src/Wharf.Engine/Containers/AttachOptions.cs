using Wharf.Shim;

namespace Wharf.Engine.Containers;

/// <summary>Which of the container's streams an attach wants.</summary>
public sealed record AttachOptions(bool Stdin, bool Stdout, bool Stderr);

/// <summary>An attach made before the container started; the start connects it to the new shim first.</summary>
internal sealed class PendingAttach(AttachOptions options)
{
    private readonly TaskCompletionSource<ShimStream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AttachOptions Options { get; } = options;

    public Task<ShimStream> Stream => _stream.Task;

    /// <summary>Hands over the stream; false when the attacher gave up meanwhile (the caller then closes it).</summary>
    public bool Complete(ShimStream stream) => _stream.TrySetResult(stream);

    public void Fail(Exception error) => _stream.TrySetException(error);

    public void Cancel() => _stream.TrySetCanceled();
}
