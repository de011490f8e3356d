using System.Diagnostics;
using Wharf.Linux.Interop;
using Wharf.Linux.Mounts;

namespace Wharf.Images.Tests.Interop;

/// <summary>
/// A private Debian dockerd for one test class: its own temp --data-root, --exec-root, socket and
/// pidfile, no bridge and no iptables, so it touches nothing of the machine's. Stopped by its pid
/// on dispose (SIGTERM, then SIGKILL; the containerd it spawned likewise), its mounts undone and
/// its directories removed. Does nothing when the class's tests are skipped.
/// </summary>
public sealed class DockerDaemonFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private Process? _daemon;
    private StreamWriter? _log;

    /// <summary>The temp directory holding everything of this daemon (and the busybox tar).</summary>
    public string Root { get; } = Path.Join(Path.GetTempPath(), $"wharf-interop-docker-{Guid.NewGuid():N}");

    public string DataRoot => Path.Join(Root, "data");
    public string ExecRoot => Path.Join(Root, "exec");
    public string PidFile => Path.Join(Root, "dockerd.pid");
    public string LogFile => Path.Join(Root, "dockerd.log");

    /// <summary>A short socket path (sun_path is 108 bytes) under /tmp.</summary>
    public string Socket { get; } = Path.Join("/tmp", $"wharf-dockerd-{Guid.NewGuid():N}"[..26] + ".sock");

    /// <summary>The busybox rootfs tar, built once for the class.</summary>
    public string BusyboxTar { get; private set; } = "";

    public bool Started => _daemon is not null;

    public async Task InitializeAsync()
    {
        if (InteropTools.CommonSkipReason() is not null || InteropTools.Dockerd is null || InteropTools.Docker is null) return;
        Directory.CreateDirectory(DataRoot);
        Directory.CreateDirectory(ExecRoot);
        // Its own (empty) daemon.json, so a machine's /etc/docker/daemon.json cannot change it. (dockerd 20.10
        // still writes its trust key to /etc/docker/key.json: there is no flag to move it.)
        await File.WriteAllTextAsync(Path.Join(Root, "daemon.json"), "{}");
        BusyboxTar = await BusyboxRootfs.BuildTarAsync(Root);

        var start = new ProcessStartInfo(InteropTools.Dockerd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     "--data-root", DataRoot, "--exec-root", ExecRoot, "-H", "unix://" + Socket, "--pidfile", PidFile,
                     "--bridge", "none", "--iptables=false", "--ip6tables=false", "--storage-driver", "overlay2",
                     "--config-file", Path.Join(Root, "daemon.json"),
                 })
            start.ArgumentList.Add(argument);
        _daemon = Process.Start(start) ?? throw new InvalidOperationException("could not start dockerd");
        // dockerd logs to stderr: keep it in a file for failure messages, and never let the pipe fill.
        var log = _log = new StreamWriter(LogFile) { AutoFlush = true };
        void Append(string? line)
        {
            if (line is null) return;
            lock (log)
                try { log.WriteLine(line); } catch (ObjectDisposedException) { /* a last line after dispose */ }
        }
        _daemon.ErrorDataReceived += (_, e) => Append(e.Data);
        _daemon.OutputDataReceived += (_, e) => Append(e.Data);
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_daemon.HasExited)
            {
                _daemon.WaitForExit(); // drains the output handlers, so the log below is complete
                throw new InvalidOperationException($"dockerd exited with {_daemon.ExitCode} at start:\n{ReadLog()}");
            }
            if (File.Exists(Socket) && (await InteropTools.RunAsync(InteropTools.Docker, ["version"], Environment, timeout: TimeSpan.FromSeconds(10))).ExitCode == 0)
                break;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"dockerd did not answer on {Socket} within {StartTimeout.TotalSeconds} s:\n{ReadLog()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The docker CLI's environment: this daemon, and a config dir of its own.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = "unix://" + Socket,
        ["DOCKER_CONFIG"] = Path.Join(Root, "client-config"),
    };

    /// <summary>Runs `docker ARGS` against this daemon; fails the test on a non-zero exit.</summary>
    public Task<string> DockerAsync(params string[] arguments) =>
        InteropTools.CheckAsync(InteropTools.Docker!, arguments, Environment, timeout: TimeSpan.FromSeconds(60));

    /// <summary>Runs `docker ARGS` and returns the whole result, for commands that may fail for environmental reasons.</summary>
    internal Task<CommandResult> TryDockerAsync(params string[] arguments) =>
        InteropTools.RunAsync(InteropTools.Docker!, arguments, Environment, timeout: TimeSpan.FromSeconds(60));

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            string text = new StreamReader(stream).ReadToEnd();
            return text.Length > 4000 ? text[^4000..] : text;
        }
        catch (IOException) { return "(no dockerd log)"; }
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            // The containerd dockerd spawned: stopped with it on SIGTERM, but it outlives a SIGKILL.
            int? containerd = ReadPid(Path.Join(ExecRoot, "containerd", "containerd.pid"));
            await StopAsync(_daemon.Id, _daemon);
            if (containerd is { } pid) await StopAsync(pid, null);
            _daemon.Dispose();
        }
        if (_log is not null) lock (_log) _log.Dispose();
        try { if (File.Exists(Socket)) File.Delete(Socket); } catch (IOException) { }
        if (!Directory.Exists(Root)) return;
        try { MountSet.UnmountUnder(Root); } catch (Exception) { /* nothing was left mounted */ }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>SIGTERM, wait, SIGKILL: by pid, never by name.</summary>
    private static async Task StopAsync(int pid, Process? child)
    {
        if (!IsAlive(pid)) return;
        Libc.Kill(pid, Libc.SIGTERM);
        var deadline = DateTime.UtcNow + StopTimeout;
        while (IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(50);
        if (IsAlive(pid))
        {
            Libc.Kill(pid, Libc.SIGKILL);
            deadline = DateTime.UtcNow + StopTimeout;
            while (IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(50);
        }
        if (child is not null)
            try { child.WaitForExit(1000); } catch (InvalidOperationException) { /* already reaped */ }
    }

    /// <summary>Running (a zombie left to a parent that does not reap counts as gone).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] != 'Z';
        }
        catch (IOException) { return false; }
    }

    private static int? ReadPid(string path)
    {
        try { return int.TryParse(File.ReadAllText(path).Trim(), out int pid) ? pid : null; }
        catch (IOException) { return null; }
    }
}
