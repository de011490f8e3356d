using Wharf.Engine.Events;

namespace Wharf.Engine.Tests;

public class EventLogTests
{
    [Fact]
    public async Task SubscriberSeesReplayedThenLiveEventsInOrder()
    {
        var log = new EventLog();
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        log.Publish("container", "create", "a");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in log.SubscribeAsync(start, null, cts.Token))
            {
                seen.Add(e.Action + ":" + e.ActorId);
                if (seen.Count == 3) break;
            }
        });
        while (!reading.IsCompleted && seen.Count == 0) await Task.Delay(10);
        log.Publish("container", "start", "a");
        log.Publish("container", "die", "a", new Dictionary<string, string> { ["exitCode"] = "0" });
        await reading;
        Assert.Equal(["create:a", "start:a", "die:a"], seen);
    }

    [Fact]
    public async Task UntilInThePastEndsAfterTheReplay()
    {
        var log = new EventLog();
        log.Publish("image", "tag", "busybox:latest");
        var events = new List<EngineEvent>();
        await foreach (var e in log.SubscribeAsync(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1)))
            events.Add(e);
        Assert.Single(events);
    }

    [Fact]
    public async Task WithoutSinceOnlyNewEventsArrive()
    {
        var log = new EventLog();
        log.Publish("container", "create", "old");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = Task.Run(async () =>
        {
            await foreach (var e in log.SubscribeAsync(null, null, cts.Token)) return e.ActorId;
            return null;
        });
        await Task.Delay(100);
        log.Publish("container", "create", "new");
        Assert.Equal("new", await first);
    }
}
