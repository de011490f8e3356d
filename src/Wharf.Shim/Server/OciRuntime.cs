using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Wharf.Core;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Server;

/// <summary>
/// The OCI runtime binary (wharf-runtime or runc) driven through runc's command line, always
/// with `--log STATE/runtime.log --log-format json` so a failure's own words can be read back.
/// Every invocation is spawned through the <see cref="ChildReaper"/>.
/// </summary>
internal sealed class OciRuntime(ShimOptions options, ChildReaper reaper) : IContainerRuntime
{
    private const int MaxCapture = 1 << 20;
    private static readonly TimeSpan CaptureGrace = TimeSpan.FromSeconds(2);

    private string LogPath => Path.Combine(options.StateDirectory, ShimFiles.RuntimeLog);

    /// <summary>`run --detach`: the container runs when this returns its init's pid (the runtime's error otherwise).</summary>
    public Task<int> RunAsync(ProcessStdio stdio)
    {
        string pidFile = Path.Combine(options.StateDirectory, ShimFiles.InitPid);
        var args = new List<string> { "run", "--detach", "--bundle", options.BundleDirectory, "--pid-file", pidFile };
        if (stdio.ConsoleSocket is { } consoleSocket) args.AddRange(["--console-socket", consoleSocket]);
        args.Add(options.Id);
        return StartAsync(args, pidFile, stdio);
    }

    /// <summary>`exec --detach` of the process in <paramref name="processFile"/> (pid file beside it); returns its pid.</summary>
    public Task<int> ExecAsync(string processFile, ProcessStdio stdio)
    {
        string pidFile = Path.ChangeExtension(processFile, ".pid");
        var args = new List<string> { "exec", "--process", processFile, "--detach", "--pid-file", pidFile };
        if (stdio.ConsoleSocket is { } consoleSocket) args.AddRange(["--console-socket", consoleSocket]);
        args.Add(options.Id);
        return StartAsync(args, pidFile, stdio);
    }

    /// <summary>Whether the runtime's `state` says the OOM killer struck (wharf-runtime tells; runc does not: false).</summary>
    public async Task<bool> OomKilledAsync()
    {
        try
        {
            string json = await InvokeAsync("state", options.Id).ConfigureAwait(false);
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("oomKilled", out var oom) && oom.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is WharfException or JsonException or IOException)
        {
            return false;
        }
    }

    public Task DeleteAsync() => InvokeAsync("delete", "--force", options.Id);

    public Task KillAllAsync(int signal) => InvokeAsync("kill", "--all", options.Id, signal.ToString(CultureInfo.InvariantCulture));

    public Task PauseAsync() => InvokeAsync("pause", options.Id);

    public Task ResumeAsync() => InvokeAsync("resume", options.Id);

    private async Task<int> StartAsync(List<string> args, string pidFile, ProcessStdio stdio)
    {
        long logOffset = LogLength();
        File.Delete(pidFile);
        var (_, exit) = Spawn(args, stdio.Descriptors);
        stdio.ReleaseChildEnds();
        int status = (await exit.ConfigureAwait(false)).Status;
        if (status != 0)
            throw new WharfException(ErrorKind.Internal, ErrorMessage(logOffset, await stdio.CapturedErrorAsync().ConfigureAwait(false), status));
        string text = File.ReadAllText(pidFile).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
            ? pid
            : throw new WharfException(ErrorKind.Internal, $"the runtime wrote no pid to {pidFile}: {text}");
    }

    /// <summary>Runs a short command with stdout and stderr captured; its stdout, or the runtime's error.</summary>
    private async Task<string> InvokeAsync(params string[] args)
    {
        long logOffset = LogLength();
        var outPipe = Pipe();
        var errPipe = Pipe();
        int devNull = Libc.Check(Libc.Open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, 0), "open", "/dev/null");
        Task<ChildExit> exit;
        try
        {
            (_, exit) = Spawn(args, [(0, devNull), (1, outPipe.Write), (2, errPipe.Write)]);
        }
        finally
        {
            Libc.Close(devNull);
            Libc.Close(outPipe.Write);
            Libc.Close(errPipe.Write);
        }
        var stdout = CaptureAsync(outPipe.Read);
        var stderr = CaptureAsync(errPipe.Read);
        int status = (await exit.ConfigureAwait(false)).Status;
        string output = await WithGrace(stdout).ConfigureAwait(false);
        string error = await WithGrace(stderr).ConfigureAwait(false);
        if (status != 0) throw new WharfException(ErrorKind.Internal, ErrorMessage(logOffset, error, status));
        return output;
    }

    private static unsafe (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Pipe2(fds, Libc.O_CLOEXEC), "pipe2");
        return (fds[0], fds[1]);
    }

    private (int Pid, Task<ChildExit> Exit) Spawn(IReadOnlyList<string> args, IReadOnlyList<(int Child, int Parent)> descriptors)
    {
        var argv = new List<string> { options.RuntimePath };
        if (options.RuntimeRoot is not null) argv.AddRange(["--root", options.RuntimeRoot]);
        argv.AddRange(["--log", LogPath, "--log-format", "json"]);
        argv.AddRange(args);
        try
        {
            return reaper.Spawn(options.RuntimePath, argv, Environment(), descriptors);
        }
        catch (Wharf.Linux.LinuxException e)
        {
            throw new WharfException(ErrorKind.Internal, $"cannot run the OCI runtime {options.RuntimePath}: {e.Message}", e);
        }
    }

    /// <summary>Reads a pipe to its end (at most 1 MiB kept) on a pool thread.</summary>
    internal static Task<string> CaptureAsync(int fd) => Task.Run(() =>
    {
        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
        var text = new MemoryStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = stream.Read(buffer)) > 0)
            if (text.Length < MaxCapture) text.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    });

    /// <summary>A process left behind by the runtime may hold the pipe: don't wait for it long.</summary>
    internal static async Task<string> WithGrace(Task<string> capture)
    {
        try
        {
            return await capture.WaitAsync(CaptureGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "";
        }
    }

    /// <summary>
    /// The runtime's own words for a failure: the last error "msg" it logged during this call
    /// (the daemon classifies "executable file not found", "permission denied"... from the text),
    /// else its stderr, else the exit status.
    /// </summary>
    private string ErrorMessage(long logOffset, string stderr, int status)
    {
        string? logged = LastLoggedError(LogPath, logOffset);
        if (!string.IsNullOrWhiteSpace(logged)) return logged;
        string text = stderr.Trim();
        if (text.Length > 0) return text.Split('\n')[^1].Trim();
        return $"{Path.GetFileName(options.RuntimePath)} exited with status {Libc.ExitCodeOf(status)}";
    }

    /// <summary>The last "msg" of an error-level JSON line after <paramref name="offset"/> (or of any line).</summary>
    internal static string? LastLoggedError(string path, long offset)
    {
        string text;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.Length <= offset) return null;
            file.Position = offset;
            text = new StreamReader(file).ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        string? lastError = null, lastAny = null;
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] != '{') continue;
            try
            {
                using var entry = JsonDocument.Parse(line);
                if (!entry.RootElement.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String) continue;
                lastAny = msg.GetString();
                if (entry.RootElement.TryGetProperty("level", out var level) && level.GetString() is "error" or "fatal" or "panic")
                    lastError = lastAny;
            }
            catch (JsonException)
            {
                // not one of the runtime's JSON lines
            }
        }
        return lastError ?? lastAny;
    }

    private long LogLength()
    {
        try
        {
            return new FileInfo(LogPath).Exists ? new FileInfo(LogPath).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<string> Environment()
    {
        var env = new List<string>();
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            env.Add($"{entry.Key}={entry.Value}");
        return env;
    }
}
