using Wharf.Linux;
using Wharf.Linux.Interop;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Process;

/// <summary>
/// The FIFO in a container's state directory that holds a created container before `start`:
/// the init blocks opening it for writing; `start` opens it for reading, which releases it.
/// Its existence is what tells "created" from "running".
/// </summary>
public static unsafe class ExecFifo
{
    public const string Name = "exec.fifo";

    public static void Make(string stateDir)
    {
        string path = Path.Combine(stateDir, Name);
        uint old = Umask(0);
        try
        {
            Check(Mkfifo(path, 0x192 /* 0622 */), "mkfifo", path);
        }
        finally
        {
            Umask(old);
        }
    }

    /// <summary>Releases the waiting init; fails if it died meanwhile instead of blocking forever.</summary>
    public static void Release(string stateDir, Func<bool> initAlive)
    {
        string path = Path.Combine(stateDir, Name);
        int fd = Check(Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0), "open", path);
        try
        {
            var poll = new PollFd { Fd = fd, Events = POLLIN };
            Span<byte> one = stackalloc byte[1];
            while (true)
            {
                poll.Revents = 0;
                int ready = Poll(&poll, 1, 100);
                if (ready > 0)
                {
                    if (ReadSome(fd, one) == 1) break;
                    throw new Core.WharfException(Core.ErrorKind.Conflict, "cannot start a container whose process exited");
                }
                if (ready < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Errno.EINTR)
                    throw LinuxException.FromLastError("poll", path);
                if (!initAlive())
                    throw new Core.WharfException(Core.ErrorKind.Conflict, "cannot start a container whose process exited");
            }
        }
        finally
        {
            Close(fd);
        }
        File.Delete(path);
    }
}
