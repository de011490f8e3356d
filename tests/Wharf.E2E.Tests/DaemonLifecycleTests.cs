using System.Net.Sockets;

namespace Wharf.E2E.Tests;

/// <summary>Starting and stopping wharfd: socket permissions, stale sockets, a second daemon, SIGTERM.</summary>
public class DaemonLifecycleTests
{
    [Fact]
    public async Task The_socket_is_0660_and_SIGTERM_removes_it_and_the_pid_file()
    {
        await using var daemon = await WharfdInstance.StartAsync();
        var mode = File.GetUnixFileMode(daemon.SocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
        Assert.Equal(daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(daemon.PidFile).Trim());

        Assert.Equal(0, await daemon.StopAsync());
        Assert.False(File.Exists(daemon.SocketPath), "the socket is left behind");
        Assert.False(File.Exists(daemon.PidFile), "the pid file is left behind");
        Assert.Contains("shutting down", daemon.Log);
    }

    [Fact]
    public async Task A_stale_socket_from_a_crash_is_replaced()
    {
        await using var daemon = WharfdInstance.Create();
        // A socket file nobody listens on, as a killed daemon leaves it. (.NET unlinks the sockets it
        // bound when it closes them, so keep a second name for the file.)
        string bound = daemon.SocketPath + ".tmp";
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(bound));
            (await CommandResult.RunAsync("ln", [bound, daemon.SocketPath])).Succeeded();
        }
        Assert.True(File.Exists(daemon.SocketPath));
        daemon.Launch([]);
        await daemon.WaitReadyAsync(TimeSpan.FromSeconds(30));
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task A_second_daemon_on_the_same_socket_refuses_to_start_and_leaves_the_first_alone()
    {
        await using var first = await WharfdInstance.StartAsync();
        await using var second = WharfdInstance.Create();
        var process = second.Launch([], socketPath: first.SocketPath);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("another daemon is listening", second.Log);
        Assert.True(File.Exists(first.SocketPath));
        Assert.Equal(200, (await first.Http.RawAsync("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).Status);
    }

    [Fact]
    public async Task A_pid_file_of_a_live_daemon_is_refused()
    {
        await using var daemon = WharfdInstance.Create();
        await File.WriteAllTextAsync(daemon.PidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = daemon.Launch([]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("pid file found", daemon.Log);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(daemon.PidFile));
    }

    [Fact]
    public async Task Bad_flags_exit_with_usage_help()
    {
        var result = await CommandResult.RunAsync(TestPaths.Wharfd, ["--host", "tcp://0.0.0.0:2375"]);
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("unix socket only", result.Stderr);
        var help = (await CommandResult.RunAsync(TestPaths.Wharfd, ["--help"])).Succeeded();
        Assert.Contains("--data-root", help.Stdout);
    }
}
