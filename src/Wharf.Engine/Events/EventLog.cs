using System.Threading.Channels;

namespace Wharf.Engine.Events;

/// <summary>
/// The engine's event stream: every event is kept in a bounded ring (so `docker events --since`
/// can replay recent history, as dockerd keeps its last 256) and handed to each live subscriber.
/// </summary>
/// <remarks>A subscriber that does not keep up loses its oldest undelivered events rather than
/// slowing the engine down: publishing never blocks.</remarks>
public sealed class EventLog
{
    private const int Kept = 256;
    private const int SubscriberBuffer = 1024;

    private readonly Lock _lock = new();
    private readonly Queue<EngineEvent> _recent = new();
    private readonly List<Channel<EngineEvent>> _subscribers = [];
    private readonly TimeProvider _clock;

    public EventLog(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    public void Publish(string type, string action, string actorId, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var e = new EngineEvent(type, action, actorId, attributes ?? new Dictionary<string, string>(), _clock.GetUtcNow());
        lock (_lock)
        {
            if (_recent.Count == Kept) _recent.Dequeue();
            _recent.Enqueue(e);
            foreach (var subscriber in _subscribers)
                subscriber.Writer.TryWrite(e);
        }
    }

    /// <summary>
    /// The events since <paramref name="since"/> that are still kept, then every new one until the
    /// token is cancelled. With <paramref name="until"/> the stream ends at that time.
    /// </summary>
    public async IAsyncEnumerable<EngineEvent> SubscribeAsync(DateTimeOffset? since, DateTimeOffset? until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        EngineEvent[] replay;
        lock (_lock)
        {
            replay = since is { } from ? _recent.Where(e => e.Time >= from).ToArray() : [];
            _subscribers.Add(channel);
        }
        try
        {
            foreach (var e in replay)
            {
                if (until is { } end && e.Time > end) yield break;
                yield return e;
            }
            if (until is { } stop && stop <= _clock.GetUtcNow()) yield break;

            using var untilSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (until is { } deadline) untilSource.CancelAfter(deadline - _clock.GetUtcNow());
            while (true)
            {
                EngineEvent next;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(untilSource.Token).ConfigureAwait(false)) yield break;
                    if (!channel.Reader.TryRead(out next!)) continue;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    yield break; // "until" reached
                }
                yield return next;
            }
        }
        finally
        {
            lock (_lock) _subscribers.Remove(channel);
        }
    }
}
