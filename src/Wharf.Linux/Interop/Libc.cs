using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

/// <summary>
/// The libc entry points Wharf calls. Each family lives in its own partial file; every
/// import sets errno so callers can turn a failure into a <see cref="LinuxException"/> at once.
/// </summary>
public static unsafe partial class Libc
{
    internal const string Name = "libc";

    /// <summary>Throws a <see cref="LinuxException"/> for a -1 return; returns the value otherwise.</summary>
    public static int Check(int result, string call, string? path = null) =>
        result == -1 ? throw LinuxException.FromLastError(call, path) : result;

    public static long Check(long result, string call, string? path = null) =>
        result == -1 ? throw LinuxException.FromLastError(call, path) : result;

    [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall(long number, nint a1, nint a2, nint a3, nint a4, nint a5);
}
