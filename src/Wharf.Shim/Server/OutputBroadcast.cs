using Wharf.Shim.Logs;

namespace Wharf.Shim.Server;

/// <summary>
/// A process's output on its way out: each chunk goes to the json-file log (the init's only) and
/// to every attached client's queue. Nothing here blocks on a client: a client whose queue
/// overflows is dropped (<see cref="OutputSubscriber"/>). Clients that subscribe before the
/// process starts receive everything from the first byte.
/// </summary>
internal sealed class OutputBroadcast(bool tty, JsonLogWriter? log = null)
{
    private readonly object _gate = new();
    private readonly List<OutputSubscriber> _subscribers = [];
    private bool _ended;

    public bool Tty => tty;

    public void Publish(StdStream stream, ReadOnlySpan<byte> data)
    {
        try
        {
            log?.Write(stream, data);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or IOException)
        {
            // the log never holds up the container: its writer reports its own failures
        }
        lock (_gate)
        {
            for (int i = _subscribers.Count - 1; i >= 0; i--)
                if (!_subscribers[i].Offer(stream, data)) _subscribers.RemoveAt(i);
        }
    }

    /// <summary>One stream reached its end (its last partial line goes to the log).</summary>
    public void EndStream(StdStream stream)
    {
        try
        {
            log?.EndStream(stream);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or IOException)
        {
        }
    }

    /// <summary>Adds a client; false when the output has already ended (the client gets an empty stream).</summary>
    public bool Subscribe(OutputSubscriber subscriber)
    {
        lock (_gate)
        {
            if (_ended) return false;
            _subscribers.Add(subscriber);
            return true;
        }
    }

    public void Unsubscribe(OutputSubscriber subscriber)
    {
        lock (_gate) _subscribers.Remove(subscriber);
    }

    /// <summary>All output is out: every client gets what is queued for it, then its stream ends.</summary>
    public void End()
    {
        lock (_gate)
        {
            _ended = true;
            foreach (var subscriber in _subscribers) subscriber.Complete();
            _subscribers.Clear();
        }
    }
}
