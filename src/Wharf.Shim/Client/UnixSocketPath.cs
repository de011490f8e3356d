using Wharf.Linux.Interop;

namespace Wharf.Shim;

/// <summary>
/// A socket path that fits sockaddr_un (107 bytes): the path itself when short enough, else the
/// same file reached through /proc/PID/fd/N of an O_PATH descriptor of its directory, which
/// bind and connect both resolve. Dispose closes that descriptor (after bind or connect).
/// </summary>
internal sealed class UnixSocketPath : IDisposable
{
    private const int MaxLength = 107;
    private int _directoryFd = -1;

    private UnixSocketPath(string path) => Path = path;

    /// <summary>The path to pass to bind or connect.</summary>
    public string Path { get; }

    /// <param name="forOtherProcess">the path is handed to another process (the runtime's
    /// --console-socket), so it names our fd through /proc/OURPID rather than /proc/self.</param>
    public static UnixSocketPath For(string path, bool forOtherProcess = false)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) <= MaxLength) return new UnixSocketPath(path);
        string directory = System.IO.Path.GetDirectoryName(path) ?? "/";
        int fd = Libc.Check(Libc.Open(directory, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", directory);
        string owner = forOtherProcess ? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "self";
        var shortened = new UnixSocketPath($"/proc/{owner}/fd/{fd}/{System.IO.Path.GetFileName(path)}") { _directoryFd = fd };
        if (System.Text.Encoding.UTF8.GetByteCount(shortened.Path) > MaxLength)
        {
            shortened.Dispose();
            throw new Wharf.Core.WharfException(Wharf.Core.ErrorKind.InvalidArgument, $"socket name too long: {path}");
        }
        return shortened;
    }

    public void Dispose()
    {
        if (_directoryFd >= 0) Libc.Close(_directoryFd);
        _directoryFd = -1;
    }
}
