using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Sockets;
using Wharf.Runtime;
using Wharf.Runtime.Process;
using Wharf.Runtime.State;
using Wharf.Shim;

namespace Wharf.ShimHost;

/// <summary>
/// wharf-runtime's operations done inside the shim through Wharf.Runtime instead of one
/// wharf-runtime process each: `run` and `exec` spawn the init stage (the wharf-runtime binary's
/// `init`) straight from here, as the shim's own child; state, delete, kill and pause are file
/// and cgroup operations. The state is wharf-runtime's own (same root, same format), so
/// `wharf-runtime state|kill|ps ID` sees the container as if it had made it.
/// </summary>
internal sealed class InProcessRuntime(ShimOptions options) : IContainerRuntime
{
    private readonly StateStore _store = new(options.RuntimeRoot ?? StateStore.DefaultRoot);
    // The record `run` made, kept so the exit path reads no state.json back.
    private ContainerRecord? _record;

    /// <summary>Whether the options name wharf-runtime, whose library this shim carries (they ship together).</summary>
    public static bool Serves(ShimOptions options) =>
        Path.GetFileName(options.RuntimePath) == "wharf-runtime" && Path.IsPathRooted(options.RuntimePath);

    private ContainerRuntime Runtime => new(_store);

    public Task<int> RunAsync(ProcessStdio stdio) => Run(() =>
    {
        try
        {
            var bundle = Bundle.Load(options.BundleDirectory);
            int console = OpenConsole(stdio, bundle.Spec.Process?.Terminal ?? false);
            try
            {
                var record = new ContainerLauncher(_store, options.RuntimePath).Create(options.Id, bundle,
                    new LaunchOptions { WaitForStart = false, ConsoleSocketFd = console, Stdio = stdio.Descriptors });
                _record = record;
                WritePidFile(Path.Combine(options.StateDirectory, ShimFiles.InitPid), record.InitPid);
                Runtime.RunPoststart(record);
                return record.InitPid;
            }
            finally
            {
                if (console >= 0) Libc.Close(console);
            }
        }
        finally
        {
            stdio.ReleaseChildEnds();
        }
    });

    public Task<int> ExecAsync(string processFile, ProcessStdio stdio) => Run(() =>
    {
        try
        {
            var runtime = Runtime;
            ContainerRecord container = runtime.Store.Load(options.Id);
            var status = runtime.StatusOf(container);
            if (status == ContainerStatus.Stopped) throw WharfException.Conflict("cannot exec in a stopped container");
            if (status == ContainerStatus.Paused) throw WharfException.Conflict("cannot exec in a paused container (use --ignore-paused to override)");
            var process = LoadProcess(processFile);
            int console = OpenConsole(stdio, process.Terminal);
            try
            {
                int pid = new ExecLauncher(options.RuntimePath).Start(container, process, console, preserveFds: 0, stdio.Descriptors);
                WritePidFile(Path.ChangeExtension(processFile, ".pid"), pid);
                return pid;
            }
            finally
            {
                if (console >= 0) Libc.Close(console);
            }
        }
        finally
        {
            stdio.ReleaseChildEnds();
        }
    });

    public Task<bool> OomKilledAsync() => Run(() =>
    {
        try
        {
            return ContainerRuntime.OomKilled(_record ?? _store.Load(options.Id));
        }
        catch (WharfException)
        {
            return false;
        }
    });

    public Task DeleteAsync() => Run(() =>
    {
        if (_record is { } record) Runtime.Delete(record, force: true);
        else Runtime.Delete(options.Id, force: true);
        return 0;
    });

    public Task KillAllAsync(int signal) => Run(() =>
    {
        Runtime.Kill(options.Id, signal, all: true);
        return 0;
    });

    public Task PauseAsync() => Run(() =>
    {
        Runtime.Pause(options.Id);
        return 0;
    });

    public Task ResumeAsync() => Run(() =>
    {
        Runtime.Resume(options.Id);
        return 0;
    });

    /// <summary>The console socket connected (as `--console-socket` would be), or -1 without a terminal; runc's checks.</summary>
    private static int OpenConsole(ProcessStdio stdio, bool terminal)
    {
        if (terminal && stdio.ConsoleSocket is null)
            throw WharfException.Invalid("cannot allocate tty if wharf-runtime will detach without setting console socket");
        if (!terminal && stdio.ConsoleSocket is not null)
            throw WharfException.Invalid("cannot use console socket if runtime will not be allocating a tty (process.terminal is false)");
        return stdio.ConsoleSocket is { } path ? ScmRights.Connect(path) : -1;
    }

    /// <summary>What `--pid-file` leaves for whoever looks (atomic; the state directory is tmpfs, no fsync).</summary>
    private static void WritePidFile(string path, int pid) =>
        Wharf.Linux.FileSystem.AtomicFile.Write(path, System.Text.Encoding.ASCII.GetBytes(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)), durable: false);

    private static ProcessSpec LoadProcess(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), OciJsonContext.Default.ProcessSpec)
                ?? throw WharfException.Invalid($"{path}: process is null");
        }
        catch (JsonException e)
        {
            throw WharfException.Invalid($"invalid JSON in {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Off the caller's thread (creation blocks until the init exec'd), and with every failure
    /// one WharfException in the runtime's words, as the command line's `wharf-runtime: MESSAGE`.
    /// </summary>
    private static Task<T> Run<T>(Func<T> operation) => Task.Run(() =>
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is LinuxException or IOException or UnauthorizedAccessException)
        {
            throw new WharfException(ErrorKind.Internal, e.Message, e);
        }
    });
}
