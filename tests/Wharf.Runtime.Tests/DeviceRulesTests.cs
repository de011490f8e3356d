using Wharf.Core.Oci;

namespace Wharf.Runtime.Tests;

public class DeviceRulesTests
{
    [Fact]
    public void Deny_all_is_kept_first_and_the_standard_devices_are_allowed_after_it()
    {
        var resources = new LinuxResources { Devices = [new DeviceCgroupRule { Allow = false, Access = "rwm" }] };
        var rules = DeviceRules.WithDefaults(resources, [new DeviceSpec { Type = "c", Path = "/dev/fuse", Major = 10, Minor = 229 }]).Devices!;
        Assert.False(rules[0].Allow);
        Assert.Contains(rules, r => r is { Allow: true, Major: 1, Minor: 3 });       // /dev/null
        Assert.Contains(rules, r => r is { Allow: true, Major: 136, Minor: null }); // ptys
        Assert.Contains(rules, r => r is { Allow: true, Major: 10, Minor: 229 });   // the config's device
    }
}
