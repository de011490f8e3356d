using Wharf.Containers;
using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests;

public class RestartBackoffTests
{
    [Theory]
    [InlineData("no", 1, 0, false, false)]
    [InlineData("", 1, 0, false, false)]
    [InlineData("always", 0, 5, false, true)]
    [InlineData("always", 1, 0, true, false)]          // docker stop: no restart
    [InlineData("unless-stopped", 0, 0, false, true)]
    [InlineData("unless-stopped", 0, 0, true, false)]
    [InlineData("on-failure", 0, 0, false, false)]     // success ends on-failure
    [InlineData("on-failure", 2, 0, false, true)]
    public void PolicyDecidesLikeDocker(string name, int exitCode, int restarts, bool stopped, bool expected) =>
        Assert.Equal(expected, RestartBackoff.ShouldRestart(new RestartPolicy { Name = name }, exitCode, restarts, stopped));

    [Fact]
    public void OnFailureStopsAtTheMaximumRetryCount()
    {
        var policy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 3 };
        Assert.True(RestartBackoff.ShouldRestart(policy, 1, 2, false));
        Assert.False(RestartBackoff.ShouldRestart(policy, 1, 3, false));
    }

    [Fact]
    public void DelayDoublesFromAHundredMillisecondsUpToAMinuteAndResetsAfterAStableRun()
    {
        var delay = TimeSpan.Zero;
        var seen = new List<double>();
        for (int i = 0; i < 12; i++)
        {
            delay = RestartBackoff.Next(delay, TimeSpan.FromMilliseconds(50));
            seen.Add(delay.TotalMilliseconds);
        }
        Assert.Equal([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000], seen);
        Assert.Equal(100, RestartBackoff.Next(delay, TimeSpan.FromSeconds(10)).TotalMilliseconds);
    }
}
