using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Linux.Sockets;

namespace Wharf.RuntimeHost;

/// <summary>
/// Where a container's pty master goes: the caller's --console-socket, or (for a foreground
/// `run`/`exec` without one) a socketpair whose other end this process keeps to relay the
/// terminal itself.
/// </summary>
internal sealed unsafe class ConsoleEndpoint : IDisposable
{
    private ConsoleEndpoint(int fd, int localEnd)
    {
        Fd = fd;
        LocalEnd = localEnd;
    }

    /// <summary>The descriptor handed to the init stage, or -1 for no terminal.</summary>
    public int Fd { get; private set; }

    /// <summary>Our end of an internal socketpair (we relay the terminal), or -1.</summary>
    public int LocalEnd { get; }

    public static ConsoleEndpoint Open(string? socketPath, bool terminal, bool detached)
    {
        if (!terminal)
        {
            if (!string.IsNullOrEmpty(socketPath))
                throw WharfException.Invalid("cannot use console socket if runtime will not be allocating a tty (process.terminal is false)");
            return new ConsoleEndpoint(-1, -1);
        }
        if (!string.IsNullOrEmpty(socketPath)) return new ConsoleEndpoint(ScmRights.Connect(socketPath), -1);
        if (detached)
            throw WharfException.Invalid("cannot allocate tty if wharf-runtime will detach without setting console socket");
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds), "socketpair");
        return new ConsoleEndpoint(fds[1], fds[0]);
    }

    /// <summary>Closes our copy of the end given to the child, once the child has it.</summary>
    public void ReleaseChildEnd()
    {
        if (Fd >= 0) Libc.Close(Fd);
        Fd = -1;
    }

    public void Dispose()
    {
        ReleaseChildEnd();
        if (LocalEnd >= 0) Libc.Close(LocalEnd);
    }
}
