using System.Diagnostics;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Cgroups.V2;

namespace Wharf.Cgroups.Tests;

public sealed class DeviceFilterTests
{
    private static DeviceCgroupRule Allow(string type, long major, long minor, string access = "rwm") =>
        new() { Allow = true, Type = type, Major = major, Minor = minor, Access = access };

    private static readonly DeviceCgroupRule DenyAll = new() { Allow = false, Access = "rwm" };

    [Fact]
    public void Rules_are_tested_last_first_and_unmatched_access_is_allowed()
    {
        var program = DeviceFilter.Build([DenyAll, Allow("c", 1, 5)]);
        // 6 loads, then the allow rule (type, major, minor, verdict, exit), then deny-all (verdict, exit),
        // which matches everything and so ends the program.
        Assert.Equal(6 + 5 + 2, program.Length);
        Assert.Equal(2, program[6].Immediate);          // char device
        Assert.Equal(1, program[7].Immediate);          // major 1
        Assert.Equal(5, program[8].Immediate);          // minor 5
        Assert.Equal(1, program[9].Immediate);          // allow
        Assert.Equal(0, program[11].Immediate);         // deny all
        // Without a catch-all rule, what no rule matches is allowed, as in a new v1 cgroup.
        Assert.Equal(1, DeviceFilter.Build([Allow("c", 1, 5)])[^2].Immediate);
        Assert.All(program.Take(11).Skip(6).Where(i => i.Code == 0x55), i => Assert.Equal(11 - 1 - Array.IndexOf(program, i), i.Offset));
    }

    [Fact]
    public void Bad_rules_are_rejected_with_the_rule_named()
    {
        Assert.Contains("invalid type", Assert.Throws<WharfException>(() => DeviceFilter.Build([new() { Allow = true, Type = "x" }])).Message);
        Assert.Contains("invalid access", Assert.Throws<WharfException>(() => DeviceFilter.Build([new() { Allow = true, Type = "c", Access = "rwz" }])).Message);
    }

    /// <summary>
    /// The program, loaded by the kernel's verifier and attached to a real cgroup2 directory (this
    /// machine's controller-less unified hierarchy accepts device programs): a shell moved into it
    /// can read /dev/zero but not /dev/null.
    /// </summary>
    [KernelFact]
    public void An_attached_program_denies_what_the_rules_deny()
    {
        string? unified = CgroupLayout.Detect().UnifiedMountPoint;
        if (unified is null) return; // a pure v1 host has no cgroup2 to attach to
        var v2 = CgroupLayout.Parse($"40 30 0:37 / {unified} rw,relatime - cgroup2 cgroup2 rw\n", "0::/\n", "/");
        ICgroup cgroup = v2.Open($"/wharf-test-{Guid.NewGuid():N}");
        try
        {
            cgroup.Create();
            cgroup.Apply(new LinuxResources { Devices = [DenyAll, Allow("c", 1, 5, "r")] });
            string procs = Path.Join(cgroup.Directories[0].Path, "cgroup.procs");
            var psi = new ProcessStartInfo("/bin/sh", ["-c",
                $"echo $$ > {procs}; head -c 3 /dev/zero | wc -c; cat /dev/null && echo null-readable || echo null-denied"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var shell = Process.Start(psi)!;
            string output = shell.StandardOutput.ReadToEnd();
            string errors = shell.StandardError.ReadToEnd();
            shell.WaitForExit();
            Assert.Equal(["3", "null-denied"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            Assert.Contains("Operation not permitted", errors);
        }
        finally
        {
            cgroup.Delete();
        }
    }
}
