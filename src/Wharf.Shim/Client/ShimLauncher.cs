using System.Collections;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Linux.Processes;

namespace Wharf.Shim;

/// <summary>
/// Starts a wharf-shim for a container: in its own session (it must outlive the daemon), with
/// its stdout a pipe on which it says `ready` once its socket listens, or `error: MESSAGE`.
/// The shim stays a child of the daemon until the daemon exits, so it is reaped through a pidfd
/// as soon as it exits: no zombie is left while the daemon lives.
/// </summary>
public static class ShimLauncher
{
    /// <summary>How long a shim may take to say it is ready before it is killed.</summary>
    public static TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private const int MaxAnswer = 64 * 1024;

    public static async Task<ShimClient> LaunchAsync(string shimPath, ShimOptions o, CancellationToken ct)
    {
        var argv = new List<string> { shimPath };
        argv.AddRange(o.ToArguments());

        var (pid, readEnd) = Spawn(shimPath, argv);
        var exited = PidfdReaper.ReapAsync(pid);

        using var output = new FileStream(new SafeFileHandle(readEnd, ownsHandle: true), FileAccess.Read, 1);
        var answer = Task.Run(() => ReadAnswer(output));
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(ReadyTimeout);
            try
            {
                await answer.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Libc.Kill(pid, Libc.SIGKILL);
                await exited.ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                throw new WharfException(ErrorKind.Internal, $"wharf-shim for {o.Id} did not get ready within {ReadyTimeout.TotalSeconds:0}s");
            }
        }

        string text = await answer.ConfigureAwait(false);
        string line = text.Split('\n')[0].Trim();
        if (line == "ready") return new ShimClient(o.StateDirectory);
        if (line.StartsWith("error:", StringComparison.Ordinal))
            throw new WharfException(ErrorKind.Internal, line["error:".Length..].Trim());
        string how;
        try
        {
            how = $"exited with status {Libc.ExitCodeOf(await exited.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false))}";
        }
        catch (TimeoutException)
        {
            Libc.Kill(pid, Libc.SIGKILL);
            how = "said something else";
        }
        throw new WharfException(ErrorKind.Internal, $"wharf-shim for {o.Id} {how} before it was ready: {text.Trim()}");
    }

    /// <summary>Spawns the shim in a new session: stdin /dev/null, stdout and stderr a pipe whose read end is returned.</summary>
    private static unsafe (int Pid, int ReadEnd) Spawn(string shimPath, List<string> argv)
    {
        int* pipe = stackalloc int[2];
        Libc.Check(Libc.Pipe2(pipe, Libc.O_CLOEXEC), "pipe2");
        int readEnd = pipe[0], writeEnd = pipe[1];
        int devNull = -1;
        try
        {
            devNull = Libc.Check(Libc.Open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0), "open", "/dev/null");
            return (ChildSpawner.Spawn(shimPath, argv, Environment(), [(0, devNull), (1, writeEnd), (2, writeEnd)], newSession: true), readEnd);
        }
        catch (Wharf.Linux.LinuxException e)
        {
            Libc.Close(readEnd);
            throw new WharfException(ErrorKind.Internal, $"cannot start {shimPath}: {e.Message}", e);
        }
        finally
        {
            Libc.Close(writeEnd);
            if (devNull >= 0) Libc.Close(devNull);
        }
    }

    /// <summary>Reads until the first newline or the end of the pipe (the shim closes it once ready or dead).</summary>
    private static string ReadAnswer(Stream output)
    {
        var text = new MemoryStream();
        byte[] buffer = new byte[512];
        int n;
        while (text.Length < MaxAnswer && (n = output.Read(buffer)) > 0)
        {
            text.Write(buffer, 0, n);
            if (buffer.AsSpan(0, n).Contains((byte)'\n')) break;
        }
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private static List<string> Environment()
    {
        var env = new List<string>();
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            env.Add($"{entry.Key}={entry.Value}");
        return env;
    }
}
