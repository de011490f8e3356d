using System.Runtime.InteropServices;

namespace Wharf.Linux;

/// <summary>A failed system call: which call, on which path (if any), and the errno.</summary>
public sealed class LinuxException : Exception
{
    public LinuxException(string call, string? path, int errno)
        : base(Format(call, path, errno))
    {
        Call = call;
        PathName = path;
        Errno = errno;
    }

    public string Call { get; }
    public string? PathName { get; }
    public int Errno { get; }

    /// <summary>Throws for the errno the last P/Invoke left behind.</summary>
    public static LinuxException FromLastError(string call, string? path = null) =>
        new(call, path, Marshal.GetLastPInvokeError());

    private static string Format(string call, string? path, int errno)
    {
        string reason = Marshal.GetPInvokeErrorMessage(errno);
        return path is null ? $"{call}: {reason}" : $"{call} {path}: {reason}";
    }
}
