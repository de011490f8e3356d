using System.Globalization;
using System.Text;
using Wharf.Core;
using Wharf.Linux;
using Wharf.Linux.FileSystem;

namespace Wharf.Containers;

/// <summary>The identity a container's process runs as.</summary>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string Home);

/// <summary>
/// Resolves a container's User ("", "uid", "uid:gid", "name", "name:group", "uid:group") and
/// GroupAdd against the /etc/passwd and /etc/group of its rootfs, with the rules and messages of
/// moby/sys/user (GetExecUser, GetAdditionalGroups) and moby's getUser. The rootfs is untrusted:
/// its files are read with <see cref="RootedFile"/>, so a symlink to the host's /etc/passwd
/// resolves to the container's own path, and their size is bounded.
/// </summary>
public static class RootfsUser
{
    /// <summary>The largest /etc/passwd or /etc/group read.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private const long MaxId = int.MaxValue;

    public static ResolvedUser Resolve(string rootfs, string? user, IReadOnlyList<string>? groupAdd)
    {
        user ??= "";
        var passwd = Read(rootfs, "/etc/passwd", user);
        var group = Read(rootfs, "/etc/group", user);
        var exec = FromDatabases(user, passwd, group);
        var gids = new List<uint> { exec.Gid };
        gids.AddRange(exec.AdditionalGids);
        if (groupAdd is { Count: > 0 }) gids.AddRange(AdditionalGroups(groupAdd, group));
        return exec with { AdditionalGids = gids };
    }

    /// <summary>GetExecUser: the user spec resolved against the two files (null: the file is absent).</summary>
    internal static ResolvedUser FromDatabases(string spec, string? passwd, string? group)
    {
        int colon = spec.IndexOf(':');
        string userArg = colon < 0 ? spec : spec[..colon];
        string groupArg = colon < 0 ? "" : spec[(colon + 1)..];
        // Go's parseLine splits on every ':', so "a:b:c" names group "b".
        if (groupArg.IndexOf(':') is int second and >= 0) groupArg = groupArg[..second];
        var (uidArg, isUid) = ParseNumeric(userArg);
        var (gidArg, isGid) = ParseNumeric(groupArg);

        long uid = 0, gid = 0;
        string home = "";
        string? matchedName = null;
        var entries = passwd is null ? null : PasswdEntries(passwd).Where(u =>
            userArg == "" ? u.Uid == 0 : isUid ? u.Uid == uidArg : u.Name == userArg).ToList();
        if (entries is { Count: > 0 })
        {
            matchedName = entries[0].Name;
            (uid, gid, home) = (entries[0].Uid, entries[0].Gid, entries[0].Home);
        }
        else if (userArg != "")
        {
            if (!isUid) throw WharfException.Invalid($"unable to find user {UntrustedName.Show(userArg)}: no matching entries in passwd file");
            uid = uidArg;
        }

        var supplementary = new List<uint>();
        if (groupArg != "" || matchedName is not null)
        {
            var groups = group is null ? [] : GroupEntries(group).Where(g =>
                groupArg == "" ? g.Members.Contains(matchedName!) : isGid ? g.Gid == gidArg : g.Name == groupArg).ToList();
            if (groupArg != "")
            {
                if (groups.Count > 0) gid = groups[0].Gid;
                else if (!isGid) throw WharfException.Invalid($"unable to find group {UntrustedName.Show(groupArg)}: no matching entries in group file");
                else gid = gidArg;
            }
            else
            {
                supplementary.AddRange(groups.Select(g => (uint)g.Gid));
            }
        }
        return new ResolvedUser((uint)uid, (uint)gid, supplementary, home);
    }

    /// <summary>GetAdditionalGroups: names must exist in /etc/group; numbers may be used as they are.</summary>
    internal static IReadOnlyList<uint> AdditionalGroups(IReadOnlyList<string> wanted, string? group)
    {
        var args = wanted.Select(w => (Name: w, Parsed: ParseNumeric(w))).ToList();
        var entries = group is null ? [] : GroupEntries(group).ToList();
        var gids = new List<uint>();
        foreach (var (name, (gid, numeric)) in args)
        {
            var match = entries.FirstOrDefault(g => numeric ? g.Gid == gid : g.Name == name);
            if (match is not null)
            {
                if (match.Gid is < 0 or > MaxId) throw WharfException.Invalid("uids and gids must be in range 0-2147483647");
                if (!gids.Contains((uint)match.Gid)) gids.Add((uint)match.Gid);
            }
            else if (!numeric)
            {
                throw WharfException.Invalid($"unable to find group {UntrustedName.Show(name)}: no matching entries in group file");
            }
            else if (!gids.Contains((uint)gid))
            {
                gids.Add((uint)gid);
            }
        }
        return gids;
    }

    private sealed record PasswdEntry(string Name, long Uid, long Gid, string Home);

    private sealed record GroupEntry(string Name, long Gid, string[] Members);

    // name:password:UID:GID:GECOS:directory:shell — numbers that do not parse count as 0, as in Go.
    private static IEnumerable<PasswdEntry> PasswdEntries(string content)
    {
        foreach (string raw in content.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0) continue;
            string[] f = line.Split(':');
            yield return new PasswdEntry(f[0], Number(f, 2), Number(f, 3), f.Length > 5 ? f[5] : "");
        }
    }

    // group_name:password:GID:user_list — comment lines skipped, as glibc does.
    private static IEnumerable<GroupEntry> GroupEntries(string content)
    {
        foreach (string raw in content.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] f = line.Split(':');
            string[] members = f.Length > 3 && f[3].Length > 0 ? f[3].Split(',') : [];
            yield return new GroupEntry(f[0], Number(f, 2), members);
        }
    }

    private static long Number(string[] fields, int index) =>
        fields.Length > index && long.TryParse(fields[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : 0;

    /// <summary>A decimal id in 0..2^31-1; other text is a name. Out of range is Docker's error.</summary>
    private static (long Id, bool IsNumeric) ParseNumeric(string value)
    {
        if (value.Length == 0) return (0, false);
        if (!System.Numerics.BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return (0, false);
        if (n < 0 || n > MaxId) throw WharfException.Invalid("uids and gids must be in range 0-2147483647");
        return ((long)n, true);
    }

    private static string? Read(string rootfs, string path, string user)
    {
        try
        {
            var bytes = RootedFile.ReadAll(rootfs, path, MaxFileBytes);
            return bytes is null ? null : Encoding.UTF8.GetString(bytes);
        }
        catch (InvalidDataException e)
        {
            throw WharfException.Invalid($"unable to find user {UntrustedName.Show(user)}: {e.Message}");
        }
        catch (LinuxException e)
        {
            throw new WharfException(ErrorKind.Internal, $"unable to find user {UntrustedName.Show(user)}: {e.Message}", e);
        }
    }
}
