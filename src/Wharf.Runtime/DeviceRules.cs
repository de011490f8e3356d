using Wharf.Core.Oci;

namespace Wharf.Runtime;

/// <summary>
/// The device cgroup rules a container really gets: the config's own, an allow rule for each
/// device it creates, and the devices every container needs (as runc's AllowedDevices), so a
/// config that denies everything still has /dev/null, the ptys and the other defaults.
/// </summary>
public static class DeviceRules
{
    private static readonly DeviceCgroupRule[] AlwaysAllowed =
    [
        new() { Allow = true, Type = "c", Access = "m" },
        new() { Allow = true, Type = "b", Access = "m" },
        Rule("c", 1, 3), Rule("c", 1, 8), Rule("c", 1, 7), Rule("c", 5, 0), Rule("c", 1, 5), Rule("c", 1, 9),
        new() { Allow = true, Type = "c", Major = 136, Access = "rwm" }, // /dev/pts/*
        Rule("c", 5, 2), // /dev/ptmx
        Rule("c", 10, 200), // /dev/net/tun
    ];

    public static LinuxResources WithDefaults(LinuxResources? resources, IEnumerable<DeviceSpec>? devices)
    {
        resources ??= new LinuxResources();
        var rules = new List<DeviceCgroupRule>(resources.Devices ?? []);
        // A FIFO is no device to the device controller: it needs no rule.
        foreach (var device in (devices ?? []).Where(d => d.Type != "p"))
            rules.Add(Rule(device.Type == "u" ? "c" : device.Type, device.Major, device.Minor));
        rules.AddRange(AlwaysAllowed);
        return resources with { Devices = rules };
    }

    private static DeviceCgroupRule Rule(string type, long major, long minor) =>
        new() { Allow = true, Type = type, Major = major, Minor = minor, Access = "rwm" };
}
