using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static unsafe partial class Libc
{
    public const nuint TIOCSCTTY = 0x540E;
    public const nuint TIOCGWINSZ = 0x5413;
    public const nuint TIOCSWINSZ = 0x5414;
    public const nuint TIOCGPTN = 0x80045430;
    public const nuint TIOCSPTLCK = 0x40045431;
    public const nuint TIOCGPTPEER = 0x5441;
    public const int TCSANOW = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    /// <summary>glibc's struct termios (60 bytes); treated as opaque and changed with cfmakeraw.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Termios
    {
        private uint _inputFlags;
    }

    [LibraryImport(Name, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int Tcgetattr(int fd, Termios* termios);

    [LibraryImport(Name, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int Tcsetattr(int fd, int actions, Termios* termios);

    [LibraryImport(Name, EntryPoint = "cfmakeraw")]
    public static partial void Cfmakeraw(Termios* termios);

    [LibraryImport(Name, EntryPoint = "isatty")]
    public static partial int Isatty(int fd);
}
