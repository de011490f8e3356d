using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Wharf.Linux.FileSystem;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Server;

/// <summary>
/// wharf-shim's main: become a child subreaper, write shim.pid, listen on shim.sock, say
/// `ready` on stdout (or `error: MESSAGE` and exit 1), then serve until the container is done
/// and the clients have gone (at most <see cref="ClientGrace"/> more).
/// </summary>
public static class ShimServer
{
    /// <summary>How long clients may keep their connections after the container is done.</summary>
    internal static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the shim stays after its last client left, for one that comes right after
    /// (a `wait` once an attach stream ended); within <see cref="ClientGrace"/>.
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(500);

    public static int Run(string[] args) => Run(args, (_, commandLine) => commandLine);

    /// <param name="runtimeFor">
    /// The runtime to drive the container with, given the options and the runtime binary driven
    /// through its command line (which works for every runtime): wharf-shim swaps in Wharf.Runtime
    /// in-process for wharf-runtime.
    /// </param>
    public static int Run(string[] args, Func<ShimOptions, IContainerRuntime, IContainerRuntime> runtimeFor)
    {
        ArgumentNullException.ThrowIfNull(runtimeFor);
        ShimOptions options;
        ShimLog log;
        Socket listener;
        ShimContainer container;
        ShimService service;
        IDisposable signals;
        try
        {
            // An ignored SIGCHLD (inherited from whoever started us) would make the kernel reap
            // our children itself, and their exit statuses would be lost.
            Libc.Signal(Libc.SIGCHLD, 0 /* SIG_DFL */);
            options = ShimOptions.Parse(args);
            Libc.Check(Libc.Prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)");
            if (!Directory.Exists(options.StateDirectory)) Libc.Check(Libc.Mkdir(options.StateDirectory, 0b111_000_000 /* 0700 */), "mkdir", options.StateDirectory);
            Libc.Check(Libc.Chdir("/"), "chdir", "/"); // hold no directory (or mount) busy
            log = new ShimLog(Path.Combine(options.StateDirectory, ShimFiles.ShimLog));
            var reaper = new ChildReaper();
            container = new ShimContainer(options, reaper, runtimeFor(options, new OciRuntime(options, reaper)), log);
            AtomicFile.Write(Path.Combine(options.StateDirectory, ShimFiles.ShimPid),
                Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)), durable: false);
            listener = Listen(Path.Combine(options.StateDirectory, ShimFiles.Socket));
            service = new ShimService(options, container, listener, log);
            // Before `ready`: a SIGTERM right after it must find our handler, not the default action.
            signals = service.HandleSignals();
        }
        catch (Exception e)
        {
            Say($"error: {e.Message}\n");
            return 1;
        }

        log.Info($"ready: container {options.Id}, runtime {options.RuntimePath}");
        Say("ready\n");
        ForgetStdio();
        int code = service.RunAsync().GetAwaiter().GetResult();
        signals.Dispose();
        log.Info("exiting");
        return code;
    }

    /// <summary>Binds shim.sock (0600); a live shim already answering there is an error, a stale file is replaced.</summary>
    private static Socket Listen(string path)
    {
        using var address = UnixSocketPath.For(path);
        if (File.Exists(path))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(address.Path));
                throw new IOException($"a wharf-shim is already serving {path}");
            }
            catch (SocketException)
            {
                File.Delete(path);
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // Created 0600 from the start: the umask is process-wide, but nothing else runs yet.
            uint umask = Libc.Umask(0b001_111_111 /* 0177 */);
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(address.Path));
            }
            finally
            {
                Libc.Umask(umask);
            }
            listener.Listen(64);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private static unsafe void Say(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        try
        {
            Libc.WriteAll(1, bytes);
        }
        catch (Wharf.Linux.LinuxException)
        {
            // the launcher is gone; nothing to tell
        }
    }

    /// <summary>Points stdout and stderr at /dev/null: the launcher's pipe sees end of file.</summary>
    private static void ForgetStdio()
    {
        int devNull = Libc.Open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (devNull < 0) return;
        Libc.Dup2(devNull, 1);
        Libc.Dup2(devNull, 2);
        Libc.Close(devNull);
    }
}
