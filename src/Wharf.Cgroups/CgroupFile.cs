using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Wharf.Core;
using Wharf.Linux.Interop;

namespace Wharf.Cgroups;

/// <summary>
/// Reads and writes cgroupfs control files. A write is one write(2) of the whole value on a file opened without
/// O_CREAT (a control file is never created, and a missing one means the controller is absent); errors become
/// <see cref="WharfException"/>s naming the file and the value.
/// </summary>
internal static class CgroupFile
{
    private const int ERANGE = 34;
    private const int ENOSPC = 28;

    /// <summary>Writes <paramref name="value"/> to <paramref name="dir"/>/<paramref name="file"/> or throws.</summary>
    public static void Write(string dir, string file, string value)
    {
        int errno = TryWrite(dir, file, value);
        if (errno != 0)
            throw WriteError(Path.Combine(dir, file), value, errno);
    }

    /// <summary>Writes the value and returns 0, or returns the errno of the failure.</summary>
    public static int TryWrite(string dir, string file, string value)
    {
        string path = Path.Combine(dir, file);
        try
        {
            // bufferSize 0: no FileStream buffer, so the value goes to the kernel in a single write.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(Encoding.ASCII.GetBytes(value));
            return 0;
        }
        catch (Exception e) when (ErrnoOf(e) is int errno)
        {
            return errno;
        }
    }

    public static WharfException WriteError(string path, string value, int errno)
    {
        string reason = Marshal.GetPInvokeErrorMessage(errno);
        string hint = errno switch
        {
            Errno.ENOENT => " (is the controller mounted and enabled for this cgroup?)",
            Errno.EBUSY when path.EndsWith("limit_in_bytes", StringComparison.Ordinal) || path.EndsWith("memory.max", StringComparison.Ordinal)
                => " (current usage is above the new limit?)",
            _ => "",
        };
        var kind = errno is Errno.EINVAL or ERANGE or Errno.EBUSY or ENOSPC ? ErrorKind.InvalidArgument : ErrorKind.Internal;
        return new WharfException(kind, $"cgroup: write \"{value}\" to {path}: {reason}{hint}");
    }

    /// <summary>Reads a control file, trimmed; throws when it cannot be read.</summary>
    public static string Read(string dir, string file)
    {
        string path = Path.Combine(dir, file);
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (ErrnoOf(e) is int errno)
        {
            throw new WharfException(ErrorKind.Internal, $"cgroup: read {path}: {Marshal.GetPInvokeErrorMessage(errno)}", e);
        }
    }

    /// <summary>Reads a control file, trimmed; null when it does not exist (or cannot be read).</summary>
    public static string? TryRead(string dir, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, file)).Trim();
        }
        catch (Exception e) when (ErrnoOf(e) is not null)
        {
            return null;
        }
    }

    public static bool Exists(string dir, string file) => File.Exists(Path.Combine(dir, file));

    /// <summary>A single unsigned number, or 0 when the file is missing or holds something else.</summary>
    public static ulong ReadUInt(string dir, string file) =>
        TryRead(dir, file) is string text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : 0;

    /// <summary>
    /// A flat-keyed file (<c>key value</c> per line, e.g. <c>cpu.stat</c>, <c>memory.events</c>,
    /// <c>memory.oom_control</c>); empty when the file is missing. Values that are not unsigned numbers are skipped.
    /// </summary>
    public static Dictionary<string, ulong> ReadKeyed(string dir, string file) => ParseKeyed(TryRead(dir, file));

    public static Dictionary<string, ulong> ParseKeyed(string? text)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (text is null)
            return values;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int space = line.IndexOf(' ');
            if (space > 0 && ulong.TryParse(line.AsSpan(space + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                values[line[..space]] = value;
        }
        return values;
    }

    /// <summary>The errno behind a file-system exception, or null for exceptions that are not file-system errors.</summary>
    public static int? ErrnoOf(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => Errno.ENOENT,
        UnauthorizedAccessException => Errno.EACCES,
        // On Unix, .NET puts the raw errno in HResult for errors it has no dedicated exception type for.
        IOException io when io.HResult is > 0 and < 4096 => io.HResult,
        IOException => Errno.EIO,
        _ => null,
    };

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
