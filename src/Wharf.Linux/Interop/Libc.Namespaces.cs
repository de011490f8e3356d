using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static partial class Libc
{
    public const int CLONE_NEWNS = 0x00020000;
    public const int CLONE_NEWCGROUP = 0x02000000;
    public const int CLONE_NEWUTS = 0x04000000;
    public const int CLONE_NEWIPC = 0x08000000;
    public const int CLONE_NEWUSER = 0x10000000;
    public const int CLONE_NEWPID = 0x20000000;
    public const int CLONE_NEWNET = 0x40000000;
    public const int CLONE_NEWTIME = 0x00000080;
    public const int CLONE_FS = 0x00000200;

    [LibraryImport(Name, EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport(Name, EntryPoint = "setns", SetLastError = true)]
    public static partial int Setns(int fd, int nstype);
}
