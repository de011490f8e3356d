using System.Text;
using System.Text.Json;
using Wharf.Core.Oci;
using Wharf.Linux.Interop;
using ApiStreams = Wharf.Api.Streams;

namespace Wharf.Shim.Tests.Kernel;

/// <summary>
/// One container of one test under a real wharf-shim: its own bundle (a copy of the busybox
/// rootfs), state dir, runtime root, log file, unique id and cgroup. Disposing kills what is
/// left (shim, container, cgroup, mounts) even when the test failed.
/// </summary>
public sealed class TestShim : IAsyncDisposable
{
    private TestShim(string runtime, string id, string dir, ShimOptions options)
    {
        Runtime = runtime;
        Id = id;
        Dir = dir;
        Options = options;
        Client = new ShimClient(options.StateDirectory);
    }

    public string Runtime { get; }
    public string Id { get; }
    public string Dir { get; }
    public ShimOptions Options { get; }
    public ShimClient Client { get; private set; }
    public string StateDir => Options.StateDirectory;
    public string LogFile => Options.LogFile;
    public string CgroupsPath => TestEnvironment.CgroupParent + "/" + Id;

    /// <summary>Prepares the bundle and state dir; the shim is not started (see <see cref="LaunchAsync"/>).</summary>
    public static TestShim Prepare(string runtime, string[] args, bool tty = false, bool stdin = false, bool stdinOnce = false,
        long logMaxSize = 0, int logMaxFiles = 1)
    {
        string id = "c" + Guid.NewGuid().ToString("N")[..10];
        string dir = Path.Combine(TestEnvironment.RunDir, id);
        var options = new ShimOptions
        {
            Id = id,
            BundleDirectory = Path.Combine(dir, "b"),
            StateDirectory = Path.Combine(dir, "s"),
            RuntimePath = Runtimes.PathOf(runtime),
            RuntimeRoot = Path.Combine(dir, "r"),
            LogFile = Path.Combine(dir, "ctr.log"),
            LogMaxSize = logMaxSize,
            LogMaxFiles = logMaxFiles,
            Tty = tty,
            OpenStdin = stdin,
            StdinOnce = stdinOnce,
        };
        var shim = new TestShim(runtime, id, dir, options);
        Directory.CreateDirectory(options.BundleDirectory);
        Directory.CreateDirectory(options.StateDirectory);
        Shell.Run("/bin/cp", "-a", TestEnvironment.Rootfs, Path.Combine(options.BundleDirectory, "rootfs"));
        var spec = JsonSerializer.Deserialize(TestEnvironment.Spec, OciJsonContext.Default.RuntimeSpec)!;
        spec = spec with
        {
            Process = spec.Process! with { Args = [.. args], Terminal = tty },
            Root = spec.Root! with { Readonly = false },
            Hostname = id,
            Linux = spec.Linux! with { CgroupsPath = shim.CgroupsPath },
        };
        File.WriteAllText(Path.Combine(options.BundleDirectory, "config.json"), JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec));
        return shim;
    }

    /// <summary>Prepares a container and launches its shim through <see cref="ShimLauncher"/>.</summary>
    public static async Task<TestShim> LaunchAsync(string runtime, string[] args, bool tty = false, bool stdin = false, bool stdinOnce = false,
        long logMaxSize = 0, int logMaxFiles = 1)
    {
        var shim = Prepare(runtime, args, tty, stdin, stdinOnce, logMaxSize, logMaxFiles);
        try
        {
            shim.Client = await ShimLauncher.LaunchAsync(TestEnvironment.ShimPath, shim.Options, Timeouts.Token());
            return shim;
        }
        catch
        {
            await shim.DisposeAsync();
            throw;
        }
    }

    /// <summary>The log file's entries, oldest first.</summary>
    public List<Logs.JsonLogEntry> LogEntries(string? path = null) =>
        File.ReadLines(path ?? LogFile).Select(l => JsonSerializer.Deserialize(l, Logs.JsonLogContext.Default.JsonLogEntry)!).ToList();

    public int? ShimPid =>
        int.TryParse(ReadOrNull(Path.Combine(StateDir, ShimFiles.ShimPid)), out int pid) ? pid : null;

    /// <summary>Waits (with a deadline) until the shim process has gone away.</summary>
    public async Task WaitForShimExitAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Directory.Exists($"/proc/{pid}") && !IsZombie(pid))
        {
            Assert.True(DateTime.UtcNow < deadline, $"wharf-shim {pid} is still running");
            await Task.Delay(50);
        }
    }

    private static bool IsZombie(int pid) => ReadOrNull($"/proc/{pid}/stat") is { } stat && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');

    private static string? ReadOrNull(string path)
    {
        try { return File.ReadAllText(path); } catch (Exception) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client.IsRunning && ShimPid is int pid) Libc.Kill(pid, Libc.SIGKILL);
        try
        {
            Shell.Run(Options.RuntimePath, "--root", Options.RuntimeRoot!, "delete", "--force", Id);
        }
        catch (Exception)
        {
            // not there: the shim deleted it
        }
        await Task.Run(() => Cleanup.RemoveRun(Dir, CgroupsPath));
    }
}

/// <summary>Every black-box step has a deadline, so a hang fails the test instead of the run.</summary>
public static class Timeouts
{
    public static CancellationToken Token(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}

/// <summary>Reading what a shim stream carries, with the reader Docker clients' stdcopy matches (Wharf.Api's).</summary>
public static class Streams
{
    /// <summary>Reads stdcopy frames to the end of the stream: what came on stdout and on stderr.</summary>
    public static async Task<(string Stdout, string Stderr)> ReadFramesAsync(Stream stream, CancellationToken ct)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var reader = new ApiStreams.StdFrameReader(stream);
        while (await reader.ReadFrameAsync(ct) is { } frame)
        {
            var target = frame.Stream switch
            {
                ApiStreams.StdStream.Stdout => stdout,
                ApiStreams.StdStream.Stderr => stderr,
                _ => throw new InvalidDataException($"unexpected stream {frame.Stream}"),
            };
            target.Append(Encoding.UTF8.GetString(frame.Payload.Span));
        }
        return (stdout.ToString(), stderr.ToString());
    }

    /// <summary>Reads raw bytes to the end of the stream.</summary>
    public static async Task<string> ReadRawAsync(Stream stream, CancellationToken ct)
    {
        var all = new MemoryStream();
        await stream.CopyToAsync(all, ct);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    /// <summary>Reads stdcopy frames until their text ends with <paramref name="text"/>; returns that text.</summary>
    public static async Task<string> ReadUntilFrameTextAsync(Stream stream, string text, CancellationToken ct)
    {
        var all = new StringBuilder();
        var reader = new ApiStreams.StdFrameReader(stream);
        while (!all.ToString().EndsWith(text, StringComparison.Ordinal) && await reader.ReadFrameAsync(ct) is { } frame)
            all.Append(Encoding.UTF8.GetString(frame.Payload.Span));
        return all.ToString();
    }

    /// <summary>Reads raw bytes until <paramref name="text"/> has appeared; returns all read so far.</summary>
    public static async Task<string> ReadUntilAsync(Stream stream, string text, CancellationToken ct)
    {
        var all = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!all.ToString().Contains(text, StringComparison.Ordinal))
        {
            int n = await stream.ReadAsync(buffer, ct);
            if (n == 0) break;
            all.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return all.ToString();
    }
}
