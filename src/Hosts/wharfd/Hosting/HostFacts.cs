using System.Globalization;

namespace Wharf.Daemon.Hosting;

/// <summary>What /info reports about the machine, read from /proc and /etc.</summary>
internal static class HostFacts
{
    public static string KernelVersion => ReadTrimmed("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString();

    public static string Hostname => ReadTrimmed("/proc/sys/kernel/hostname") ?? Environment.MachineName;

    /// <summary>MemTotal from /proc/meminfo, in bytes.</summary>
    public static long MemTotal
    {
        get
        {
            try
            {
                foreach (string line in File.ReadLines("/proc/meminfo"))
                {
                    if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
            catch (IOException)
            {
            }
            return 0;
        }
    }

    /// <summary>PRETTY_NAME and VERSION_ID of /etc/os-release ("Debian GNU/Linux 12 (bookworm)", "12").</summary>
    public static (string Name, string Version) OperatingSystem
    {
        get
        {
            string name = "Linux", version = "";
            foreach (string file in new[] { "/etc/os-release", "/usr/lib/os-release" })
            {
                if (!File.Exists(file)) continue;
                foreach (string line in File.ReadLines(file))
                {
                    int equals = line.IndexOf('=');
                    if (equals <= 0) continue;
                    string value = line[(equals + 1)..].Trim().Trim('"');
                    switch (line[..equals])
                    {
                        case "PRETTY_NAME": name = value; break;
                        case "VERSION_ID": version = value; break;
                    }
                }
                break;
            }
            return (name, version);
        }
    }

    /// <summary>"2" on a unified hierarchy, "1" otherwise.</summary>
    public static string CgroupVersion => File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";

    /// <summary>The daemon's ID, made once and kept in the data root (Docker keeps it in engine-id).</summary>
    public static string EngineId(string dataRoot)
    {
        string path = Path.Join(dataRoot, "engine-id");
        string? existing = ReadTrimmed(path);
        if (!string.IsNullOrEmpty(existing)) return existing;
        string id = Guid.NewGuid().ToString();
        File.WriteAllText(path, id);
        return id;
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
