using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Shim.Protocol;

namespace Wharf.Shim;

/// <summary>
/// The daemon's handle on one container's shim, through the shim's socket in the state
/// directory. Stateless: a new client made after a daemon restart works like the first one.
/// Each call is one connection. A shim that is not there raises <see cref="ShimGoneException"/>
/// (then <see cref="ReadRecordedExit"/> tells how the container ended); an error the shim
/// reports raises a <see cref="WharfException"/> of the kind it names.
/// </summary>
public sealed class ShimClient(string stateDirectory)
{
    public string StateDirectory { get; } = Path.GetFullPath(stateDirectory);

    private string SocketPath => Path.Combine(StateDirectory, ShimFiles.Socket);

    /// <summary>Whether the shim process recorded in shim.pid is alive (and is this state directory's shim).</summary>
    public bool IsRunning => ShimPid() > 0;

    /// <summary>
    /// Sends the shim away before its container started (a start that failed on the daemon's side):
    /// SIGTERM, which a shim obeys only while nothing runs. A no-op when the shim is gone.
    /// </summary>
    public void Dismiss()
    {
        int pid = ShimPid();
        if (pid > 0) Wharf.Linux.Interop.Libc.Kill(pid, Wharf.Linux.Interop.Libc.SIGTERM);
    }

    /// <summary>The pid in shim.pid if that process is alive and is this state directory's shim, else 0.</summary>
    private int ShimPid()
    {
        if (!int.TryParse(ReadOrNull(Path.Combine(StateDirectory, ShimFiles.ShimPid)), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
            return 0;
        // A recycled pid belongs to some other program: the shim's command line names this state directory.
        string? cmdline = ReadOrNull($"/proc/{pid}/cmdline");
        if (cmdline is null) return 0;
        var args = cmdline.Split('\0');
        int flag = Array.IndexOf(args, "--state-dir");
        bool ours = flag >= 0 && flag + 1 < args.Length && Path.TrimEndingDirectorySeparator(args[flag + 1]) == Path.TrimEndingDirectorySeparator(StateDirectory);
        return ours ? pid : 0;
    }

    /// <summary>Starts the container (the runtime's `run --detach`); returns the init's pid.</summary>
    public async Task<int> StartAsync(CancellationToken ct)
    {
        var reply = await CallAsync(new ShimRequest { Op = ShimOps.Start }, ct).ConfigureAwait(false);
        return reply.Pid ?? 0;
    }

    /// <summary>
    /// Attaches to the container's stdio. Attached before start, the stream carries all output
    /// from the first byte. It ends when the container's output does.
    /// </summary>
    public async Task<ShimStream> AttachAsync(bool stdin, bool stdout, bool stderr, CancellationToken ct)
    {
        var request = new ShimRequest { Op = ShimOps.Attach, Stdin = stdin, Stdout = stdout, Stderr = stderr };
        var (_, socket) = await CallKeepingConnectionAsync(request, ct).ConfigureAwait(false);
        return new ShimStream(socket);
    }

    /// <summary>Completes when the container's init has exited (at once if it already has).</summary>
    public async Task<ExitStatus> WaitAsync(CancellationToken ct) =>
        ExitOf(await CallAsync(new ShimRequest { Op = ShimOps.Wait }, ct).ConfigureAwait(false));

    /// <summary>Signals the init (kill(2)), or every process of the container through the runtime when <paramref name="all"/>.</summary>
    public Task KillAsync(int signal, bool all, CancellationToken ct) =>
        CallAsync(new ShimRequest { Op = ShimOps.Kill, Signal = signal, All = all }, ct);

    /// <summary>Sets the pty size of the init (<paramref name="execId"/> null) or of an exec; a no-op without a pty.</summary>
    public Task ResizeAsync(string? execId, int height, int width, CancellationToken ct) =>
        CallAsync(new ShimRequest { Op = ShimOps.Resize, ExecId = execId, Height = height, Width = width }, ct);

    /// <summary>
    /// Runs a process in the container; returns its pid once it runs and, unless detached, the
    /// stream of its stdio (ends when its output does; <see cref="ShimStream.CloseInput"/> closes its stdin).
    /// </summary>
    public async Task<(int Pid, ShimStream? Stream)> ExecAsync(ExecRequest r, CancellationToken ct)
    {
        var request = new ShimRequest
        {
            Op = ShimOps.Exec,
            ExecId = r.ExecId,
            Process = JsonSerializer.SerializeToElement(r.Process with { Terminal = r.Tty }, OciJsonContext.Default.ProcessSpec),
            Tty = r.Tty,
            Stdin = r.Stdin,
            Detach = r.Detach,
        };
        var (reply, socket) = await CallKeepingConnectionAsync(request, ct).ConfigureAwait(false);
        if (!r.Detach) return (reply.Pid ?? 0, new ShimStream(socket));
        socket.Dispose();
        return (reply.Pid ?? 0, null);
    }

    /// <summary>Completes when the exec has exited; the shim keeps exec results until it exits itself.</summary>
    public async Task<ExitStatus> ExecWaitAsync(string execId, CancellationToken ct) =>
        ExitOf(await CallAsync(new ShimRequest { Op = ShimOps.ExecWait, ExecId = execId }, ct).ConfigureAwait(false));

    public async Task<ShimState> StateAsync(CancellationToken ct)
    {
        var reply = await CallAsync(new ShimRequest { Op = ShimOps.State }, ct).ConfigureAwait(false);
        return new ShimState(reply.Pid ?? 0, reply.Running ?? false, reply.ExitCode is null ? null : ExitOf(reply));
    }

    public Task PauseAsync(CancellationToken ct) => CallAsync(new ShimRequest { Op = ShimOps.Pause }, ct);

    public Task ResumeAsync(CancellationToken ct) => CallAsync(new ShimRequest { Op = ShimOps.Resume }, ct);

    /// <summary>How the container's init ended, from exit.json; null if it has not (or the shim died first).</summary>
    public static ExitStatus? ReadRecordedExit(string stateDirectory)
    {
        string? json = ReadOrNull(Path.Combine(stateDirectory, ShimFiles.Exit));
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize(json, ShimJsonContext.Default.ExitStatus);
        }
        catch (JsonException)
        {
            return null; // written atomically, so only a foreign file can be malformed
        }
    }

    private static ExitStatus ExitOf(ShimReply reply) =>
        new(reply.ExitCode ?? 0, reply.OomKilled ?? false, reply.ExitedAt ?? default);

    private async Task<ShimReply> CallAsync(ShimRequest request, CancellationToken ct)
    {
        var (reply, socket) = await CallKeepingConnectionAsync(request, ct).ConfigureAwait(false);
        socket.Dispose();
        return reply;
    }

    /// <summary>Sends a request and reads the reply; the connection stays open for streaming ops.</summary>
    private async Task<(ShimReply Reply, Socket Socket)> CallKeepingConnectionAsync(ShimRequest request, CancellationToken ct)
    {
        var socket = await ConnectAsync(ct).ConfigureAwait(false);
        try
        {
            var stream = new NetworkStream(socket, ownsSocket: false);
            ShimReply? reply;
            try
            {
                await ShimFrame.WriteAsync(stream, request, ShimJsonContext.Default.ShimRequest, ct).ConfigureAwait(false);
                reply = await ShimFrame.ReadAsync(stream, ShimJsonContext.Default.ShimReply, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                throw new ShimGoneException($"wharf-shim at {StateDirectory} dropped the connection: {e.Message}", e);
            }
            if (reply is null) throw new ShimGoneException($"wharf-shim at {StateDirectory} closed the connection without answering");
            if (!reply.Ok) throw ErrorOf(reply);
            return (reply, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var path = UnixSocketPath.For(SocketPath);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path.Path), ct).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.NotSocket)
        {
            socket.Dispose();
            throw new ShimGoneException($"wharf-shim at {StateDirectory} is not running: {e.Message}", e);
        }
        catch (Exception e) when (e is Wharf.Linux.LinuxException { Errno: Wharf.Linux.Interop.Errno.ENOENT })
        {
            socket.Dispose();
            throw new ShimGoneException($"wharf-shim at {StateDirectory} is not running: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static WharfException ErrorOf(ShimReply reply)
    {
        var kind = Enum.TryParse<ErrorKind>(reply.Kind, out var parsed) ? parsed : ErrorKind.Internal;
        return new WharfException(kind, string.IsNullOrEmpty(reply.Error) ? "wharf-shim reported an error without a message" : reply.Error);
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
