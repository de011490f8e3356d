using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static partial class Libc
{
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;

    /// <summary>flock(2): an advisory lock on the open file description, released when it is closed.</summary>
    [LibraryImport(Name, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);
}
