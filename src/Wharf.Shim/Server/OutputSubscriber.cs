using System.Threading.Channels;

namespace Wharf.Shim.Server;

/// <summary>
/// One attached client's share of a process's output: the streams it asked for, framed with
/// stdcopy headers (no tty) or raw (tty), in a queue of at most <see cref="MaxQueued"/> bytes.
/// A client that lets its queue overflow is dropped, so a stuck client never holds up the
/// container or its log.
/// </summary>
internal sealed class OutputSubscriber(bool stdout, bool stderr, bool tty)
{
    public const long MaxQueued = 1 << 20;

    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _dropped = new();
    private long _queued;

    /// <summary>Queues a chunk; false when the client is dropped for being too slow.</summary>
    public bool Offer(StdStream stream, ReadOnlySpan<byte> data)
    {
        if (tty ? !stdout : (stream == StdStream.Stdout ? !stdout : !stderr)) return true;
        byte[] item = tty ? data.ToArray() : StdCopy.Frame(stream, data);
        if (Interlocked.Add(ref _queued, item.Length) > MaxQueued)
        {
            _queue.Writer.TryComplete();
            _dropped.Cancel();
            return false;
        }
        return _queue.Writer.TryWrite(item);
    }

    /// <summary>No more output: what is queued is still sent.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Sends queued output until the output ends, or the client is dropped or gone.</summary>
    public async Task SendAllAsync(Stream client, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _dropped.Token);
        await foreach (byte[] item in _queue.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
        {
            await client.WriteAsync(item, linked.Token).ConfigureAwait(false);
            Interlocked.Add(ref _queued, -item.Length);
        }
    }
}
