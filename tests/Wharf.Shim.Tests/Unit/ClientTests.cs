using System.Net.Sockets;
using Wharf.Core;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Tests.Unit;

/// <summary>The client against a stand-in shim: how replies and absent shims surface to the daemon.</summary>
public sealed class ClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wsc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Listens on shim.sock, answers one request with <paramref name="reply"/> and returns the request.</summary>
    private async Task<ShimRequest?> ServeOnceAsync(ShimReply? reply, Func<Task> call)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(_dir, ShimFiles.Socket)));
        listener.Listen(1);
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            using var stream = new NetworkStream(connection);
            var request = await ShimFrame.ReadAsync(stream, ShimJsonContext.Default.ShimRequest, default);
            if (reply is not null) await ShimFrame.WriteAsync(stream, reply, ShimJsonContext.Default.ShimReply, default);
            return request;
        });
        try
        {
            await call();
        }
        finally
        {
            await server.WaitAsync(TimeSpan.FromSeconds(10));
        }
        return await server;
    }

    [Theory]
    [InlineData("Conflict", ErrorKind.Conflict)]
    [InlineData("NotFound", ErrorKind.NotFound)]
    [InlineData(null, ErrorKind.Internal)]
    [InlineData("SomethingNew", ErrorKind.Internal)]
    public async Task An_error_reply_is_a_WharfException_of_the_kind_it_names(string? kind, ErrorKind expected)
    {
        var client = new ShimClient(_dir);
        WharfException? error = null;
        var request = await ServeOnceAsync(new ShimReply { Error = "container is not running", Kind = kind },
            async () => error = await Assert.ThrowsAsync<WharfException>(() => client.KillAsync(9, all: false, default)));
        Assert.Equal(expected, error!.Kind);
        Assert.Equal("container is not running", error.Message);
        Assert.Equal(new ShimRequest { Op = "kill", Signal = 9, All = false }, request);
    }

    [Fact]
    public async Task A_missing_socket_means_the_shim_is_gone()
    {
        await Assert.ThrowsAsync<ShimGoneException>(() => new ShimClient(_dir).StateAsync(default));
        await Assert.ThrowsAsync<ShimGoneException>(() => new ShimClient(Path.Combine(_dir, "no-such-dir")).WaitAsync(default));
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_means_the_shim_is_gone()
    {
        // What kill -9 of a shim leaves behind.
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            dead.Bind(new UnixDomainSocketEndPoint(Path.Combine(_dir, ShimFiles.Socket)));
        await Assert.ThrowsAsync<ShimGoneException>(() => new ShimClient(_dir).WaitAsync(default));
    }

    [Fact]
    public async Task A_connection_closed_without_a_reply_means_the_shim_is_gone()
    {
        var client = new ShimClient(_dir);
        await ServeOnceAsync(null, () => Assert.ThrowsAsync<ShimGoneException>(() => client.WaitAsync(default)));
    }

    [Fact]
    public async Task A_wait_reply_becomes_an_exit_status()
    {
        var at = new DateTimeOffset(2026, 11, 23, 11, 46, 15, TimeSpan.Zero);
        ExitStatus exit = default;
        await ServeOnceAsync(ShimReply.Exited(new ExitStatus(137, true, at)), async () => exit = await new ShimClient(_dir).WaitAsync(default));
        Assert.Equal(new ExitStatus(137, true, at), exit);
    }

    [Fact]
    public void The_recorded_exit_is_read_from_exit_json_and_absent_without_one()
    {
        Assert.Null(ShimClient.ReadRecordedExit(_dir));
        File.WriteAllText(Path.Combine(_dir, ShimFiles.Exit), """{"ExitCode":137,"OomKilled":false,"ExitedAt":"2026-11-23T11:46:15.5Z"}""");
        Assert.Equal(new ExitStatus(137, false, new DateTimeOffset(2026, 11, 23, 11, 46, 15, 500, TimeSpan.Zero)), ShimClient.ReadRecordedExit(_dir));
    }

    [Fact]
    public void A_shim_pid_of_another_program_is_not_a_running_shim()
    {
        var client = new ShimClient(_dir);
        Assert.False(client.IsRunning);
        // Our own pid is alive, but our command line does not name this state directory.
        File.WriteAllText(Path.Combine(_dir, ShimFiles.ShimPid), Environment.ProcessId.ToString());
        Assert.False(client.IsRunning);
    }
}
