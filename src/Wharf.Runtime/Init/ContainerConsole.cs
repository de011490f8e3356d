using Wharf.Core.Oci;
using Wharf.Linux.Sockets;
using Wharf.Linux.Terminal;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>
/// process.terminal: a pty from the container's own devpts; the master goes to the console
/// socket (SCM_RIGHTS, as runc does), the slave becomes stdio, controlling tty and /dev/console.
/// </summary>
internal static unsafe class ContainerConsole
{
    public static void Setup(int consoleSocket, ProcessSpec process, bool mountDevConsole)
    {
        if (consoleSocket < 0)
            throw new InitException("process.terminal is set but no console socket was given");
        var (master, slave) = PseudoTerminal.Open("/dev/ptmx");
        try
        {
            if (process.ConsoleSize is { } size && size.Height > 0)
                PseudoTerminal.SetSize(slave, size.Height, size.Width);
            if (mountDevConsole) MountDevConsole(master);
            ScmRights.Send(consoleSocket, master, "/dev/ptmx"u8);
        }
        finally
        {
            Close(master);
            Close(consoleSocket);
        }
        for (int fd = 0; fd <= 2; fd++) Check(Dup2(slave, fd), "dup2");
        if (slave > 2) Close(slave);
        Check(Ioctl(0, TIOCSCTTY, 0), "ioctl(TIOCSCTTY)");
    }

    private static void MountDevConsole(int master)
    {
        uint number;
        Check(Ioctl(master, TIOCGPTN, (nint)(&number)), "ioctl(TIOCGPTN)");
        const string console = "/dev/console";
        if (!File.Exists(console)) File.WriteAllBytes(console, []);
        Check(Mount($"/dev/pts/{number}", console, null, MS_BIND, null), "mount", console);
    }
}
