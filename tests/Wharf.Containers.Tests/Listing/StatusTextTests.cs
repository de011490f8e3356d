namespace Wharf.Containers.Tests.Listing;

public sealed class StatusTextTests
{
    private static readonly DateTimeOffset Now = Records.Epoch.AddDays(1000);

    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(999, "Less than a second")]
    [InlineData(1000, "1 second")]
    [InlineData(1999, "1 second")]
    [InlineData(2000, "2 seconds")]
    [InlineData(59_999, "59 seconds")]
    [InlineData(60_000, "About a minute")]
    [InlineData(119_999, "About a minute")]
    [InlineData(120_000, "2 minutes")]
    [InlineData(3_599_999, "59 minutes")]
    [InlineData(3_600_000, "About an hour")]
    [InlineData(5_399_999, "About an hour")] // 1.4999 h rounds to 1
    [InlineData(5_400_000, "2 hours")] // 1.5 h rounds to 2
    [InlineData(47L * 3_600_000 + 1_799_999, "47 hours")]
    [InlineData(47L * 3_600_000 + 1_800_000, "2 days")] // 47.5 h rounds to 48
    [InlineData(13L * 86_400_000, "13 days")]
    [InlineData(14L * 86_400_000 - 1_800_001, "13 days")]
    [InlineData(14L * 86_400_000, "2 weeks")]
    [InlineData(59L * 86_400_000, "8 weeks")]
    [InlineData(60L * 86_400_000, "2 months")]
    [InlineData(729L * 86_400_000, "24 months")]
    [InlineData(730L * 86_400_000, "2 years")]
    [InlineData(3650L * 86_400_000, "10 years")]
    public void Human_durations_follow_go_units_thresholds(long milliseconds, string text)
    {
        Assert.Equal(text, HumanDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Each_state_reads_as_docker_shows_it()
    {
        var started = Now.AddSeconds(-3);
        Assert.Equal("Created", StatusText.Of(new ContainerState(), Now));
        Assert.Equal("Up 3 seconds", StatusText.Of(new ContainerState { Status = ContainerStatus.Running, StartedAt = started }, Now));
        Assert.Equal("Up Less than a second", StatusText.Of(new ContainerState { Status = ContainerStatus.Running, StartedAt = Now.AddMilliseconds(-400) }, Now));
        Assert.Equal("Up 2 minutes (Paused)", StatusText.Of(new ContainerState { Status = ContainerStatus.Paused, StartedAt = Now.AddMinutes(-2) }, Now));
        Assert.Equal("Exited (0) 5 seconds ago", StatusText.Of(new ContainerState { Status = ContainerStatus.Exited, StartedAt = started.AddDays(-1), FinishedAt = Now.AddSeconds(-5) }, Now));
        Assert.Equal("Exited (137) About an hour ago", StatusText.Of(new ContainerState { Status = ContainerStatus.Exited, ExitCode = 137, StartedAt = started.AddDays(-1), FinishedAt = Now.AddMinutes(-61) }, Now));
        Assert.Equal("Restarting (1) 2 seconds ago", StatusText.Of(new ContainerState { Status = ContainerStatus.Restarting, ExitCode = 1, StartedAt = started, FinishedAt = Now.AddSeconds(-2) }, Now));
        Assert.Equal("Removal In Progress", StatusText.Of(new ContainerState { Status = ContainerStatus.Removing, StartedAt = started }, Now));
        Assert.Equal("Dead", StatusText.Of(new ContainerState { Status = ContainerStatus.Dead }, Now));
        Assert.Equal("Created", StatusText.Of(new ContainerState { Status = ContainerStatus.Exited }, Now)); // never started
    }

    [Fact]
    public void States_have_the_apis_names()
    {
        Assert.Equal(["created", "running", "paused", "restarting", "removing", "exited", "dead"],
            Enum.GetValues<ContainerStatus>().Select(ContainerState.NameOf));
        Assert.True(new ContainerState { Status = ContainerStatus.Paused }.IsRunning);
        Assert.True(new ContainerState { Status = ContainerStatus.Restarting }.IsRunning);
        Assert.False(new ContainerState { Status = ContainerStatus.Exited }.IsRunning);
    }
}
