using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Linux.Interop;

/// <summary>Extended attributes. The l* calls never follow a final symlink; f* act on an open descriptor.</summary>
public static unsafe partial class Libc
{
    public const int XATTR_CREATE = 1;
    public const int XATTR_REPLACE = 2;

    /// <summary>XATTR_NAME_MAX and XATTR_SIZE_MAX from linux/limits.h.</summary>
    public const int XattrNameMax = 255;
    public const int XattrSizeMax = 65536;

    public const int ENODATA = 61;
    public const int ERANGE = 34;
    public const int EOPNOTSUPP = 95;

    [LibraryImport(Name, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(Name, EntryPoint = "fsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fsetxattr(int fd, string name, byte* value, nuint size, int flags);

    [LibraryImport(Name, EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Lgetxattr(string path, string name, byte* value, nuint size);

    [LibraryImport(Name, EntryPoint = "fgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Fgetxattr(int fd, string name, byte* value, nuint size);

    [LibraryImport(Name, EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Llistxattr(string path, byte* list, nuint size);

    [LibraryImport(Name, EntryPoint = "flistxattr", SetLastError = true)]
    public static partial nint Flistxattr(int fd, byte* list, nuint size);

    public static void SetXattr(int fd, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
            Check(Fsetxattr(fd, name, p, (nuint)value.Length, 0), "fsetxattr", name);
    }

    public static void LSetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
            Check(Lsetxattr(path, name, p, (nuint)value.Length, 0), "lsetxattr", $"{path} {name}");
    }

    /// <summary>The attribute's value, or null when the node does not have it.</summary>
    public static byte[]? LGetXattr(string path, string name) =>
        GetXattr((buffer, size) => Lgetxattr(path, name, buffer, size), "lgetxattr", $"{path} {name}");

    /// <inheritdoc cref="LGetXattr"/>
    public static byte[]? FGetXattr(int fd, string name) =>
        GetXattr((buffer, size) => Fgetxattr(fd, name, buffer, size), "fgetxattr", name);

    /// <summary>The names of the node's attributes (those this process may see).</summary>
    public static List<string> LListXattr(string path) =>
        ListXattr((buffer, size) => Llistxattr(path, buffer, size), "llistxattr", path);

    /// <inheritdoc cref="LListXattr"/>
    public static List<string> FListXattr(int fd) =>
        ListXattr((buffer, size) => Flistxattr(fd, buffer, size), "flistxattr", null);

    private delegate nint XattrCall(byte* buffer, nuint size);

    private static byte[]? GetXattr(XattrCall call, string callName, string? path)
    {
        // Sized by a first call; retried if the value grew in between (ERANGE).
        while (true)
        {
            nint size = call(null, 0);
            if (size < 0)
                return Marshal.GetLastPInvokeError() == ENODATA ? null : throw LinuxException.FromLastError(callName, path);
            var value = new byte[size];
            nint read;
            fixed (byte* p = value) read = call(p, (nuint)value.Length);
            if (read >= 0) return read == value.Length ? value : value[..(int)read];
            int errno = Marshal.GetLastPInvokeError();
            if (errno == ENODATA) return null;
            if (errno != ERANGE) throw new LinuxException(callName, path, errno);
        }
    }

    private static List<string> ListXattr(XattrCall call, string callName, string? path)
    {
        while (true)
        {
            nint size = call(null, 0);
            if (size < 0) throw LinuxException.FromLastError(callName, path);
            var names = new List<string>();
            if (size == 0) return names;
            var buffer = new byte[size];
            nint read;
            fixed (byte* p = buffer) read = call(p, (nuint)buffer.Length);
            if (read < 0)
            {
                if (Marshal.GetLastPInvokeError() == ERANGE) continue;
                throw LinuxException.FromLastError(callName, path);
            }
            // NUL-terminated names back to back.
            foreach (var item in buffer.AsSpan(0, (int)read).Split((byte)0))
            {
                var bytes = buffer.AsSpan(0, (int)read)[item];
                if (!bytes.IsEmpty) names.Add(Encoding.UTF8.GetString(bytes));
            }
            return names;
        }
    }
}
