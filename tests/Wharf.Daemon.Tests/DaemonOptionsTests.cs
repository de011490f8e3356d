using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Tests;

public class DaemonOptionsTests
{
    [Fact]
    public void Defaults_are_wharfs_paths()
    {
        var options = DaemonOptions.Parse([]);
        Assert.Equal("/run/wharf.sock", options.SocketPath);
        Assert.Equal("/var/lib/wharf", options.DataRoot);
        Assert.Equal("/run/wharf", options.ExecRoot);
        Assert.Equal("wharf-runtime", options.Runtime);
        Assert.False(options.Debug);
    }

    [Fact]
    public void Reads_dockers_flag_spellings()
    {
        var options = DaemonOptions.Parse(["-H", "unix:///tmp/x.sock", "--data-root=/tmp/data", "--exec-root", "/tmp/exec",
            "--pidfile", "/tmp/w.pid", "--runtime", "runc", "--debug"]);
        Assert.Equal("/tmp/x.sock", options.SocketPath);
        Assert.Equal("/tmp/data", options.DataRoot);
        Assert.Equal("/tmp/exec", options.ExecRoot);
        Assert.Equal("/tmp/w.pid", options.PidFile);
        Assert.Equal("runc", options.Runtime);
        Assert.True(options.Debug);
        Assert.Null(DaemonOptions.Parse(["--pidfile="]).PidFile);
    }

    [Theory]
    [InlineData("--host", "tcp://0.0.0.0:2375")]
    [InlineData("--host", "relative.sock")]
    [InlineData("--data-root", "relative")]
    [InlineData("--bogus", "x")]
    public void Refuses_what_it_cannot_serve(string flag, string value) =>
        Assert.Throws<FormatException>(() => DaemonOptions.Parse([flag, value]));

    [Fact]
    public void A_flag_without_its_value_is_an_error() => Assert.Throws<FormatException>(() => DaemonOptions.Parse(["--data-root"]));
}
