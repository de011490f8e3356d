using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.Linux.FileSystem;

/// <summary>
/// Reads a file of an untrusted tree (a container's rootfs) the way a process chrooted into it
/// would see it: the kernel resolves the path with RESOLVE_IN_ROOT, so neither "..", nor an
/// absolute or relative symlink, nor a /proc magic link can lead out of the root. Only regular
/// files are read (a FIFO planted in their place cannot block the reader), and only up to a bound.
/// </summary>
public static class RootedFile
{
    private const int Attempts = 16;

    /// <summary>
    /// The content of <paramref name="path"/> inside <paramref name="root"/>, or null when it
    /// does not exist there (a dangling symlink included).
    /// </summary>
    /// <exception cref="InvalidDataException">It is not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="LinuxException">The root cannot be opened, or another error than "not found".</exception>
    public static unsafe byte[]? ReadAll(string root, string path, int maxBytes)
    {
        int rootFd = Libc.Check(Libc.Open(root, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", root);
        try
        {
            int fd = OpenInRoot(rootFd, path, root);
            if (fd < 0) return null;
            try
            {
                Libc.Statx stat;
                Libc.Check(Libc.StatxAt(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &stat), "statx", path);
                if (stat.FileType != Libc.S_IFREG)
                    throw new InvalidDataException($"{path} in {root} is not a regular file");
                if (stat.Size > (ulong)maxBytes)
                    throw new InvalidDataException($"{path} in {root} is {stat.Size} bytes, over the limit of {maxBytes}");
                return ReadBounded(fd, path, root, maxBytes);
            }
            finally
            {
                Libc.Close(fd);
            }
        }
        finally
        {
            Libc.Close(rootFd);
        }
    }

    /// <summary>An fd for <paramref name="path"/> resolved in the root, or -1 when it does not exist.</summary>
    private static int OpenInRoot(int rootFd, string path, string root) =>
        TryOpen(rootFd, path, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOCTTY | Libc.O_NONBLOCK, root, out _);

    /// <summary>
    /// Opens <paramref name="path"/> as a process chrooted into the directory <paramref name="rootFd"/>
    /// would (RESOLVE_IN_ROOT, no magic links), with <paramref name="flags"/> (O_NOFOLLOW keeps a final
    /// symlink itself, O_PATH opens without reading). Returns the descriptor, or -1 with
    /// <paramref name="errno"/> ENOENT or ENOTDIR when a component is missing or not a directory.
    /// </summary>
    /// <param name="shownRoot">How an error names the root.</param>
    /// <exception cref="LinuxException">Any other failure.</exception>
    public static int TryOpen(int rootFd, string path, int flags, string shownRoot, out int errno)
    {
        var how = new Libc.OpenHow { Flags = (ulong)(flags | Libc.O_CLOEXEC), Resolve = Libc.RESOLVE_IN_ROOT | Libc.RESOLVE_NO_MAGICLINKS };
        for (int attempt = 0; ; attempt++)
        {
            int fd = Libc.Openat2(rootFd, path, how);
            errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
            if (fd >= 0) return fd;
            if (errno is Errno.ENOENT or Errno.ENOTDIR) return -1;
            // EAGAIN: a rename raced with the resolution of "..", the kernel asks for a retry.
            if ((errno == Errno.EAGAIN || errno == Errno.EINTR) && attempt < Attempts) continue;
            throw new LinuxException("openat2", Path.Join(shownRoot, path), errno);
        }
    }

    /// <summary>Reads to the end, failing once past the bound: the file may grow after the stat.</summary>
    private static byte[] ReadBounded(int fd, string path, string root, int maxBytes)
    {
        var content = new MemoryStream();
        var buffer = new byte[Math.Min(64 * 1024, maxBytes + 1)];
        while (true)
        {
            int n = Libc.ReadSome(fd, buffer);
            if (n == 0) return content.ToArray();
            if (content.Length + n > maxBytes)
                throw new InvalidDataException($"{path} in {root} is over the limit of {maxBytes} bytes");
            content.Write(buffer, 0, n);
        }
    }
}
