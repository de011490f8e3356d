using Wharf.Linux.Interop;

namespace Wharf.Linux.Terminal;

/// <summary>A pty pair opened from a devpts instance's ptmx.</summary>
public static unsafe class PseudoTerminal
{
    /// <summary>Opens a master on <paramref name="ptmxPath"/>, unlocks it, and opens its peer.</summary>
    public static (int Master, int Slave) Open(string ptmxPath = "/dev/ptmx")
    {
        int master = Libc.Check(Libc.Open(ptmxPath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0), "open", ptmxPath);
        try
        {
            int unlock = 0;
            Libc.Check(Libc.Ioctl(master, Libc.TIOCSPTLCK, (nint)(&unlock)), "ioctl(TIOCSPTLCK)");
            // TIOCGPTPEER opens the slave through the master itself: no path lookup that a
            // container's /dev could redirect.
            int slave = Libc.Check(Libc.Ioctl(master, Libc.TIOCGPTPEER, Libc.O_RDWR | Libc.O_NOCTTY), "ioctl(TIOCGPTPEER)");
            return (master, slave);
        }
        catch
        {
            Libc.Close(master);
            throw;
        }
    }

    public static void SetSize(int fd, ushort rows, ushort columns)
    {
        var size = new Libc.WinSize { Rows = rows, Columns = columns };
        Libc.Check(Libc.Ioctl(fd, Libc.TIOCSWINSZ, (nint)(&size)), "ioctl(TIOCSWINSZ)");
    }

    public static bool TryGetSize(int fd, out ushort rows, out ushort columns)
    {
        Libc.WinSize size;
        bool ok = Libc.Ioctl(fd, Libc.TIOCGWINSZ, (nint)(&size)) == 0;
        rows = size.Rows;
        columns = size.Columns;
        return ok;
    }

    /// <summary>Puts a terminal into raw mode and returns a token that restores it.</summary>
    public static RawMode EnterRawMode(int fd) => new(fd);

    public sealed class RawMode : IDisposable
    {
        private readonly int _fd;
        private readonly Libc.Termios _saved;
        private readonly bool _active;

        internal RawMode(int fd)
        {
            _fd = fd;
            Libc.Termios saved;
            if (Libc.Tcgetattr(fd, &saved) != 0) return;
            _saved = saved;
            Libc.Termios raw = saved;
            Libc.Cfmakeraw(&raw);
            _active = Libc.Tcsetattr(fd, Libc.TCSANOW, &raw) == 0;
        }

        public void Dispose()
        {
            if (!_active) return;
            Libc.Termios saved = _saved;
            Libc.Tcsetattr(_fd, Libc.TCSANOW, &saved);
        }
    }
}
