using Wharf.Core;

namespace Wharf.Containers.Tests.Spec;

public sealed class CapabilityTests
{
    private static IReadOnlyList<string> Tweak(string[] add, string[] drop, bool privileged = false) =>
        CapabilitySet.Tweak(CapabilitySet.Default, add, drop, privileged, CapabilitySet.Known);

    [Fact]
    public void Defaults_are_dockers_fourteen()
    {
        Assert.Equal(14, CapabilitySet.Default.Count);
        Assert.Same(CapabilitySet.Default, Tweak([], []));
        Assert.DoesNotContain("CAP_SYS_ADMIN", CapabilitySet.Default);
        Assert.DoesNotContain("CAP_NET_ADMIN", CapabilitySet.Default);
    }

    [Theory]
    [InlineData("net_admin")]
    [InlineData("NET_ADMIN")]
    [InlineData("cap_net_admin")]
    [InlineData("CAP_NET_ADMIN")]
    public void Names_are_taken_in_any_case_with_or_without_the_prefix(string name)
    {
        var caps = Tweak([name], []);
        Assert.Equal(15, caps.Count);
        Assert.Equal("CAP_NET_ADMIN", caps[^1]);
    }

    [Fact]
    public void Drop_removes_add_appends_and_all_works_both_ways()
    {
        var caps = Tweak(["sys_time"], ["chown", "NET_RAW"]);
        Assert.DoesNotContain("CAP_CHOWN", caps);
        Assert.DoesNotContain("CAP_NET_RAW", caps);
        Assert.Equal("CAP_SYS_TIME", caps[^1]);
        Assert.Equal(["CAP_KILL"], Tweak(["kill"], ["ALL"]));
        var all = Tweak(["all"], ["sys_admin"]);
        Assert.Equal(CapabilitySet.Known.Count - 1, all.Count);
        Assert.DoesNotContain("CAP_SYS_ADMIN", all);
        Assert.Equal(CapabilitySet.Known, Tweak([], [], privileged: true));
    }

    [Fact]
    public void Unknown_names_get_dockers_message()
    {
        var e = Assert.Throws<WharfException>(() => Tweak(["net_admin", "fly"], []));
        Assert.Equal("invalid CapAdd: unknown capability: \"CAP_FLY\"", e.Message);
        Assert.Equal("invalid CapDrop: unknown capability: \"CAP_NOPE\"", Assert.Throws<WharfException>(() => Tweak([], ["nope"])).Message);
        var unavailable = Assert.Throws<WharfException>(() => CapabilitySet.Tweak(CapabilitySet.Default, ["bpf"], [], false, CapabilitySet.Known.Take(30).ToArray()));
        Assert.Equal("invalid CapAdd: capability not supported by your kernel or not available in the current environment: \"CAP_BPF\"", unavailable.Message);
    }

    [Fact]
    public void The_host_offers_the_caps_its_kernel_has()
    {
        Assert.Contains("CAP_SYS_ADMIN", CapabilitySet.AvailableOnHost);
        Assert.True(CapabilitySet.AvailableOnHost.Count >= 38);
    }
}
