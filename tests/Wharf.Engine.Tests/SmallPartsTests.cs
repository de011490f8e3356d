using Wharf.Core;
using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests;

public class SmallPartsTests
{
    [Theory]
    [InlineData("100", 100)]
    [InlineData("10k", 10 * 1024)]
    [InlineData("10m", 10 * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("2MB", 2 * 1024 * 1024)]
    public void LogSizesUseBinaryUnits(string text, long bytes) => Assert.Equal(bytes, LogSize.Parse(text));

    [Theory]
    [InlineData("ten")]
    [InlineData("10x")]
    [InlineData("-1m")]
    public void BadLogSizesAreRefused(string text) =>
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<WharfException>(() => LogSize.Parse(text)).Kind);

    [Theory]
    [InlineData("exec: \"nosuch\": executable file not found in $PATH", 127)]
    [InlineData("open /bin/x: no such file or directory", 127)]
    [InlineData("exec /etc/passwd: permission denied", 126)]
    [InlineData("cgroup: write failed", 128)]
    public void StartFailuresGetDockersExitCodes(string detail, int code)
    {
        var failure = StartFailure.From(new WharfException(ErrorKind.Internal, detail));
        Assert.Equal(code, failure.ExitCode);
        Assert.Contains(detail, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("failed to create task for container: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopKeepsOnlyTheContainersProcessesAndWholeCommands()
    {
        const string ps = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 10:00 ?        00:00:01 /sbin/init splash
            root         400       1  0 10:01 ?        00:00:00 sh -c sleep 100
            root         401     400  0 10:01 ?        00:00:00 sleep 100
            """;
        var table = ProcessTableParser.Parse(ps, new HashSet<int> { 400, 401 });
        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], table.Titles);
        Assert.Equal(2, table.Processes.Count);
        Assert.Equal("sh -c sleep 100", table.Processes[0][7]);
    }
}
