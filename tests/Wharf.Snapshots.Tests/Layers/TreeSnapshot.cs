using System.Security.Cryptography;
using System.Text;
using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>
/// An lstat-level picture of a directory tree, one line per node: type, mode, owner, size, mtime,
/// device, link target, content hash, xattrs and hard-link group. Two trees are the same when
/// their lines are; Assert.Equal on the lines shows what differs.
/// </summary>
internal static class TreeSnapshot
{
    /// <param name="skip">Relative paths left out, with everything under them.</param>
    public static List<string> Take(string root, bool withTimes = true, params string[] skip)
    {
        var lines = new List<string>();
        var firstNameOfInode = new Dictionary<ulong, string>();
        Walk(root, "", lines, firstNameOfInode, withTimes, skip);
        return lines;
    }

    private static void Walk(string root, string prefix, List<string> lines, Dictionary<ulong, string> inodes, bool withTimes, string[] skip)
    {
        var names = Directory.EnumerateFileSystemEntries(Path.Join(root, prefix), "*", new EnumerationOptions { AttributesToSkip = 0 })
            .Select(Path.GetFileName).Order(StringComparer.Ordinal);
        foreach (string? name in names)
        {
            string relative = prefix.Length == 0 ? name! : $"{prefix}/{name}";
            if (skip.Contains(relative)) continue;
            string full = Path.Join(root, relative);
            var st = Libc.LStatAt(Libc.AT_FDCWD, full);
            var line = new StringBuilder($"{relative} type={st.FileType >> 12:x} mode={Convert.ToString(st.Mode & 0xfff, 8)} owner={st.Uid}:{st.Gid}");
            if (withTimes) line.Append($" mtime={st.Mtime.Seconds}");
            switch (st.FileType)
            {
                case Libc.S_IFREG:
                    line.Append($" size={st.Size} sha256={Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)))}");
                    break;
                case Libc.S_IFLNK:
                    line.Append($" -> {Libc.ReadLinkAtText(Libc.AT_FDCWD, full)}");
                    break;
                case Libc.S_IFCHR or Libc.S_IFBLK:
                    line.Append($" dev={st.RdevMajor}:{st.RdevMinor}");
                    break;
            }
            foreach (string xattr in Libc.LListXattr(full).Order(StringComparer.Ordinal))
                line.Append($" {xattr}={Convert.ToHexStringLower(Libc.LGetXattr(full, xattr) ?? [])}");
            bool whiteout = st.FileType == Libc.S_IFCHR && st.RdevMajor == 0 && st.RdevMinor == 0;
            if (st.FileType != Libc.S_IFDIR && st.Nlink > 1 && !whiteout)
            {
                if (!inodes.TryGetValue(st.Ino, out string? first)) inodes[st.Ino] = first = relative;
                line.Append($" linkgroup={first}");
            }
            lines.Add(line.ToString());
            if (st.FileType == Libc.S_IFDIR) Walk(root, relative, lines, inodes, withTimes, skip);
        }
    }
}
