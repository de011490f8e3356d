using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wharf.Core;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Overlay;

/// <summary>
/// The exclusive flock on root/lock that makes one process the only user of a snapshot root. The
/// kernel drops it when the descriptor closes, so a killed process never leaves it held.
/// </summary>
internal sealed class RootLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private RootLock(SafeFileHandle handle) => _handle = handle;

    public static RootLock Acquire(string path, string root)
    {
        int fd = Libc.Check(Libc.Open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0x180 /* 0600 */), "open", path);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0)
            return new RootLock(handle);
        int errno = Marshal.GetLastPInvokeError();
        handle.Dispose();
        if (errno == Errno.EAGAIN)
            throw WharfException.Conflict($"snapshot root {root} is in use by another snapshotter (lock {path} is held)");
        throw new LinuxException("flock", path, errno);
    }

    public void Dispose() => _handle.Dispose();
}
