using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Wharf.E2E.Tests;

/// <summary>
/// One wharfd in its own temp root (data root, exec root, socket, pid file, log), started from the
/// built binary and stopped by its pid with SIGTERM (SIGKILL if it hangs). Dispose unmounts anything
/// left under the root and deletes it. The docker CLI it drives gets its own DOCKER_CONFIG.
/// </summary>
public sealed class WharfdInstance : IAsyncDisposable
{
    private Process? _process;

    private WharfdInstance(string root)
    {
        Root = root;
        SocketPath = Path.Join(root, "wharf.sock");
        DataRoot = Path.Join(root, "data");
        ExecRoot = Path.Join(root, "exec");
        PidFile = Path.Join(root, "wharfd.pid");
        LogPath = Path.Join(root, "wharfd.log");
        DockerConfig = Path.Join(root, "docker-config");
        Directory.CreateDirectory(DockerConfig);
        Http = new SocketHttp(SocketPath);
    }

    public string Root { get; }
    public string SocketPath { get; }
    public string DataRoot { get; }
    public string ExecRoot { get; }
    public string PidFile { get; }
    public string LogPath { get; }
    public string DockerConfig { get; }
    public SocketHttp Http { get; }
    public int Pid => _process?.Id ?? 0;
    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>A fresh temp root (no daemon yet).</summary>
    public static WharfdInstance Create()
    {
        string root = Path.Join(Path.GetTempPath(), $"wharf-e2e-{Guid.NewGuid():N}"[..21]);
        Directory.CreateDirectory(root);
        return new WharfdInstance(root);
    }

    /// <summary>Creates a root and starts a daemon in it, waiting until /_ping answers.</summary>
    public static async Task<WharfdInstance> StartAsync(params string[] extraArgs)
    {
        var instance = Create();
        try
        {
            instance.Launch(extraArgs);
            await instance.WaitReadyAsync(TimeSpan.FromSeconds(30));
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the daemon (stdout and stderr to <see cref="LogPath"/>); does not wait.</summary>
    public Process Launch(IEnumerable<string> extraArgs, string? socketPath = null)
    {
        string wharfd = TestPaths.Wharfd;
        if (!File.Exists(wharfd)) throw new FileNotFoundException($"wharfd is not built at {wharfd}", wharfd);
        // Through sh so the daemon writes its log straight to a file: no pipe to drain, none to outlive us.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (string arg in new[] { "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null", "sh", LogPath, wharfd,
                     "-H", $"unix://{socketPath ?? SocketPath}", "--data-root", DataRoot, "--exec-root", ExecRoot, "--pidfile", PidFile })
            start.ArgumentList.Add(arg);
        // The helpers scripts/build.sh publishes, when wharfd itself is the JIT build (it finds them beside it otherwise).
        foreach (var (flag, name) in new[] { ("--runtime", "wharf-runtime"), ("--shim", "wharf-shim") })
        {
            string published = Path.Join(TestPaths.RepoRoot, "out", name, name);
            if (File.Exists(published)) { start.ArgumentList.Add(flag); start.ArgumentList.Add(published); }
        }
        foreach (string arg in extraArgs) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start wharfd");
        if (_process is null || _process.HasExited) _process = process; // a restart after a crash becomes the daemon to stop
        return process;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"wharfd exited with {_process.ExitCode} before it answered:\n{Log}");
            try
            {
                if (await Http.RawAsync("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") is { Status: 200 }) return;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"wharfd did not answer /_ping within {timeout}:\n{Log}");
    }

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    /// <summary>Runs the docker CLI against this daemon (DOCKER_HOST, its own DOCKER_CONFIG, no BuildKit).</summary>
    public Task<CommandResult> DockerAsync(params string[] args) => DockerAsync(args, stdin: null);

    /// <summary>The environment the docker CLI runs with against this daemon.</summary>
    public IReadOnlyDictionary<string, string> DockerEnvironment => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = $"unix://{SocketPath}",
        ["DOCKER_CONFIG"] = DockerConfig,
        ["DOCKER_BUILDKIT"] = "0",
        ["DOCKER_CONTEXT"] = "",
        ["DOCKER_API_VERSION"] = "",
    };

    /// <summary>Kills the daemon with SIGKILL (a crash): its shims and containers stay.</summary>
    public async Task CrashAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public Task<CommandResult> DockerAsync(IEnumerable<string> args, string? stdin, TimeSpan? timeout = null) =>
        CommandResult.RunAsync(TestPaths.DockerCli ?? throw new InvalidOperationException("no docker CLI"), args, DockerEnvironment, timeout, stdin);

    /// <summary>The environment Wharf's own CLI runs with against this daemon (WHARF_HOST; the same config dir as docker's).</summary>
    public IReadOnlyDictionary<string, string> WharfEnvironment => new Dictionary<string, string>
    {
        ["WHARF_HOST"] = $"unix://{SocketPath}",
        ["DOCKER_CONFIG"] = DockerConfig,
        ["WHARF_API_VERSION"] = "",
    };

    /// <summary>Runs Wharf's CLI (<see cref="TestPaths.WharfCli"/>) against this daemon.</summary>
    public Task<CommandResult> WharfAsync(params string[] args) => WharfAsync(args, stdin: null);

    public Task<CommandResult> WharfAsync(IEnumerable<string> args, string? stdin, TimeSpan? timeout = null) =>
        CommandResult.RunAsync(TestPaths.WharfCli, args, WharfEnvironment, timeout, stdin);

    /// <summary>SIGTERM by pid, then waits; SIGKILL after <paramref name="grace"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (_process is null) return 0;
        if (!_process.HasExited)
        {
            await CommandResult.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var cancel = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process?.Dispose();
            Http.Dispose();
            foreach (string mount in MountsUnder(Root).Reverse())
                await CommandResult.RunAsync("umount", ["-l", mount]);
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A stubborn leftover must not hide the test's own result.
            }
        }
    }

    private static IEnumerable<string> MountsUnder(string root) =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .ToList();

    /// <summary>The busybox image "e2e-busybox:latest" (CMD sh, a PATH), imported once per daemon with the docker CLI.</summary>
    public async Task<string> BusyboxImageAsync()
    {
        const string name = "e2e-busybox:latest";
        if ((await DockerAsync("image", "inspect", name)).ExitCode == 0) return name;
        string tar = await BusyboxTarAsync();
        (await DockerAsync("import", "--change", "CMD [\"sh\"]", "--change", "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", tar, name)).Succeeded();
        return name;
    }

    /// <summary>Makes (once per instance) the busybox rootfs tar from Debian's busybox-static.</summary>
    public async Task<string> BusyboxTarAsync()
    {
        string tar = Path.Join(Root, "busybox.tar");
        if (File.Exists(tar)) return tar;
        string rootfs = Path.Join(Root, "busybox-rootfs");
        (await CommandResult.RunAsync("/bin/sh", [TestPaths.BusyboxScript, rootfs])).Succeeded();
        (await CommandResult.RunAsync("tar", ["--numeric-owner", "-C", rootfs, "-cf", tar + ".tmp", "."])).Succeeded();
        File.Move(tar + ".tmp", tar);
        return tar;
    }

    public override string ToString() => $"wharfd {Pid} at {SocketPath}";
}

/// <summary>Raw HTTP/1.1 over the daemon's socket: bytes out, status, headers and body back.</summary>
public sealed class SocketHttp(string socketPath) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        MaxConnectionsPerServer = 256,
    })
    {
        BaseAddress = new Uri("http://api.moby.localhost"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>An HttpClient whose requests go to the daemon (for many concurrent requests).</summary>
    public HttpClient Client => _client;

    /// <summary>Sends <paramref name="request"/> as is on a new connection and reads the answer until the server closes it.</summary>
    public async Task<RawResponse> RawAsync(string request, TimeSpan? timeout = null)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel.Token);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request), SocketFlags.None, cancel.Token);
        var received = new MemoryStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0) received.Write(buffer, 0, read);
        return RawResponse.Parse(received.ToArray());
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>A parsed HTTP/1.1 answer (chunked bodies decoded).</summary>
public sealed record RawResponse(int Status, string StatusLine, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawResponse Parse(byte[] bytes)
    {
        string text = Encoding.Latin1.GetString(bytes);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new IOException($"no complete HTTP head in {bytes.Length} bytes: {text}");
        string[] lines = text[..end].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        string body = text[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out string? encoding) && encoding == "chunked") body = Dechunk(body);
        return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), lines[0], headers,
            Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body)));
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        int at = 0;
        while (at < body.Length)
        {
            int lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            int size = Convert.ToInt32(body[at..lineEnd].Split(';')[0], 16);
            if (size == 0) break;
            result.Append(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }
}
