using System.Net.Sockets;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Wharf.Cli.Connection;
using Wharf.Cli.Terminal;
using Wharf.Cli.Tests.Connection;
using Wharf.Linux.Interop;
using Wharf.Linux.Terminal;

namespace Wharf.Cli.Tests.Terminal;

/// <summary>Raw mode, restore, window size and an attached session, on a real pseudo-terminal.</summary>
public sealed class TerminalTests
{
    /// <summary>A pty pair; the slave plays the user's terminal, the master the keyboard and screen.</summary>
    private sealed class Pty : IDisposable
    {
        public Pty() => (Master, Slave) = PseudoTerminal.Open();

        public int Master { get; }
        public int Slave { get; }

        public void Type(string keys) => Libc.WriteAll(Master, Encoding.Latin1.GetBytes(keys));
        public void Type(params byte[] keys) => Libc.WriteAll(Master, keys);

        /// <summary>What arrives on <paramref name="fd"/> within <paramref name="ms"/> (empty when nothing does).</summary>
        public static unsafe string ReadAvailable(int fd, int ms = 300)
        {
            var text = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (true)
            {
                var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
                if (Libc.Poll(&poll, 1, ms) <= 0 || (poll.Revents & Libc.POLLIN) == 0) return text.ToString();
                int n = Libc.ReadSome(fd, buffer);
                if (n <= 0) return text.ToString();
                text.Append(Encoding.Latin1.GetString(buffer, 0, n));
                ms = 50;
            }
        }

        public void Dispose()
        {
            Libc.Close(Slave);
            Libc.Close(Master);
        }
    }

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Raw_mode_passes_keys_at_once_without_echo_and_dispose_restores_line_editing()
    {
        using var pty = new Pty();
        using (RawTerminal? raw = RawTerminal.Enter(pty.Slave, NoEnvironment))
        {
            Assert.NotNull(raw);
            pty.Type("cd\u0003"); // no newline, and ctrl-c is just a byte
            Assert.Equal("cd\u0003", Pty.ReadAvailable(pty.Slave));
            Assert.Equal("", Pty.ReadAvailable(pty.Master, 100)); // no echo
        }
        pty.Type("x");
        Assert.Equal("", Pty.ReadAvailable(pty.Slave, 200)); // a line is being edited again
        Assert.Equal("x", Pty.ReadAvailable(pty.Master)); // and echoed
        pty.Type("\n");
        Assert.Equal("x\n", Pty.ReadAvailable(pty.Slave));
    }

    [Fact]
    public void Restore_now_gives_back_every_raw_terminal()
    {
        using var pty = new Pty();
        RawTerminal raw = RawTerminal.Enter(pty.Slave, NoEnvironment)!;
        try
        {
            TerminalRestore.Now();
            pty.Type("y");
            Assert.Equal("", Pty.ReadAvailable(pty.Slave, 200));
            Assert.Equal("y", Pty.ReadAvailable(pty.Master));
        }
        finally
        {
            raw.Dispose();
        }
    }

    [Fact]
    public unsafe void NORAW_and_non_terminals_are_left_alone()
    {
        using var pty = new Pty();
        Assert.Null(RawTerminal.Enter(pty.Slave, name => name == "NORAW" ? "1" : null));
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Pipe2(fds, Libc.O_CLOEXEC), "pipe2");
        try
        {
            Assert.Null(RawTerminal.Enter(fds[0], NoEnvironment));
        }
        finally
        {
            Libc.Close(fds[0]);
            Libc.Close(fds[1]);
        }
    }

    [Fact]
    public async Task Window_size_changes_are_reported()
    {
        using var pty = new Pty();
        PseudoTerminal.SetSize(pty.Master, 40, 120);
        Assert.Equal(new TerminalSize(40, 120), TerminalSize.Of(pty.Slave));

        var resized = new TaskCompletionSource<TerminalSize>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new WindowResizeWatcher(pty.Slave, size => resized.TrySetResult(size));
        PseudoTerminal.SetSize(pty.Master, 50, 132);
        Libc.Kill(Libc.Getpid(), Libc.SIGWINCH);
        Assert.Equal(new TerminalSize(50, 132), await resized.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Resize_forwarder_sends_the_size_and_retries_like_docker()
    {
        using var pty = new Pty();
        PseudoTerminal.SetSize(pty.Master, 24, 80);
        var sizes = new List<TerminalSize>();
        int calls = 0;
        var errors = new StringWriter();
        using (await ResizeForwarder.StartAsync(pty.Slave, (size, _) =>
               {
                   if (++calls < 3) throw new DaemonError(System.Net.HttpStatusCode.Conflict, "no pty yet");
                   sizes.Add(size);
                   return Task.CompletedTask;
               }, errors, CancellationToken.None))
        {
        }
        Assert.Equal([new TerminalSize(24, 80)], sizes);
        Assert.Equal("", errors.ToString());

        var failing = new StringWriter();
        using (await ResizeForwarder.StartAsync(pty.Slave, (_, _) => throw new DaemonError(System.Net.HttpStatusCode.Conflict, "never"), failing, CancellationToken.None))
        {
        }
        Assert.Equal("failed to resize tty, using default size\n", failing.ToString());
    }

    /// <summary>A daemon whose attach echoes what it receives, prefixed, until stdin closes.</summary>
    private static FakeDaemon EchoDaemon(TaskCompletionSource<bool>? stdinClosed = null) => new(async (request, socket) =>
    {
        if (request.Target == "/_ping") return FakeDaemon.Ping("1.50");
        await socket.SendAsync("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n"u8.ToArray(), SocketFlags.None);
        byte[] buffer = new byte[256];
        int n;
        try
        {
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                await socket.SendAsync(Encoding.Latin1.GetBytes("got:" + Encoding.Latin1.GetString(buffer, 0, n) + ";"), SocketFlags.None);
            stdinClosed?.TrySetResult(true);
            await socket.SendAsync("bye"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        return null;
    });

    [Fact]
    public async Task A_tty_session_goes_raw_forwards_keys_and_detaches_with_ctrl_p_ctrl_q()
    {
        using var pty = new Pty();
        using FakeDaemon daemon = EchoDaemon();
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using HijackedStream connection = await client.HijackAsync("/containers/c1/attach", new Query().Flag("stream", true).Flag("stdin", true));
        using var terminal = new FileStream(new SafeFileHandle(pty.Slave, ownsHandle: false), FileAccess.ReadWrite, 1);

        var session = new InteractiveSession
        {
            Connection = connection,
            CloseWrite = connection.CloseWrite,
            Tty = true,
            Input = terminal,
            TerminalFd = pty.Slave,
            Output = terminal,
        };
        Task<SessionEnd> running = session.RunAsync(CancellationToken.None);

        pty.Type("ls"); // no newline: only a raw terminal hands this on
        Assert.Equal("got:ls;", await ReadUntil(pty.Master, "got:ls;"));
        pty.Type(16, 17); // ctrl-p ctrl-q
        Assert.Equal(SessionEnd.Detached, await running.WaitAsync(TimeSpan.FromSeconds(10)));

        // Back to a line-editing terminal.
        pty.Type("z");
        Assert.Equal("z", Pty.ReadAvailable(pty.Master));
    }

    [Fact]
    public async Task A_session_half_closes_at_end_of_input_and_waits_for_the_output()
    {
        var stdinClosed = new TaskCompletionSource<bool>();
        using FakeDaemon daemon = EchoDaemon(stdinClosed);
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using HijackedStream connection = await client.HijackAsync("/containers/c1/attach");
        var output = new MemoryStream();
        var session = new InteractiveSession
        {
            Connection = connection,
            CloseWrite = connection.CloseWrite,
            Tty = false,
            Input = new MemoryStream("abc"u8.ToArray()),
            Output = output,
        };
        Assert.Equal(SessionEnd.OutputEnded, await session.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(stdinClosed.Task.IsCompleted);
        Assert.Equal("got:abc;bye", Encoding.Latin1.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Without_a_tty_the_detach_keys_are_ordinary_input()
    {
        using FakeDaemon daemon = EchoDaemon();
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using HijackedStream connection = await client.HijackAsync("/containers/c1/attach");
        var output = new MemoryStream();
        var session = new InteractiveSession
        {
            Connection = connection,
            CloseWrite = connection.CloseWrite,
            Input = new MemoryStream([16, 17]),
            Output = output,
        };
        Assert.Equal(SessionEnd.OutputEnded, await session.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("got:\u0010\u0011;bye", Encoding.Latin1.GetString(output.ToArray()));
    }

    private static async Task<string> ReadUntil(int fd, string expected)
    {
        var seen = new StringBuilder();
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            seen.Append(await Task.Run(() => Pty.ReadAvailable(fd, 200)));
        }
        return seen.ToString();
    }
}
