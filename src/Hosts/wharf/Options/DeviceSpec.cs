using Wharf.Api.Types;

namespace Wharf.Cli.Options;

/// <summary>--device HOST[:CONTAINER][:PERMISSIONS] for a Linux daemon (docker's parseLinuxDevice after validateLinuxPath).</summary>
internal static class DeviceSpec
{
    public static DeviceMapping Parse(string value)
    {
        string[] parts = value.Split(':');
        if (parts.Length > 3 || parts[0].Length == 0) throw new CliError($"bad format for path: {value}");
        string source = parts[0], target = source, permissions = "rwm";
        switch (parts.Length)
        {
            case 2 when IsMode(parts[1]):
                permissions = parts[1];
                break;
            case 2:
                target = parts[1];
                break;
            case 3:
                if (!IsMode(parts[2])) throw new CliError($"bad mode specified: {parts[2]}");
                target = parts[1];
                permissions = parts[2];
                break;
        }
        if (!target.StartsWith('/')) throw new CliError($"{target} is not an absolute path");
        return new DeviceMapping { PathOnHost = source, PathInContainer = target, CgroupPermissions = permissions };
    }

    /// <summary>r, w and m, each at most once.</summary>
    private static bool IsMode(string mode) =>
        mode.Length > 0 && mode.All(c => c is 'r' or 'w' or 'm') && mode.Distinct().Count() == mode.Length;
}
