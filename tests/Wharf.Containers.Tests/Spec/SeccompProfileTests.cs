using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers.Tests.Spec;

public sealed class SeccompProfileTests
{
    private static readonly Version Kernel = new(6, 1);

    /// <summary>What dockerd hands runc for a default container on x86_64 (the runtime tests' fixture).</summary>
    private static SeccompSpec DockerRendered() => JsonSerializer.Deserialize(
        File.ReadAllText(RepoFiles.PathOf("tests/Wharf.Runtime.Tests/Seccomp/Fixtures/docker-default-seccomp.json")),
        OciJsonContext.Default.SeccompSpec)!;

    private static string Key(SeccompSyscall s) =>
        $"{string.Join(',', s.Names.Order(StringComparer.Ordinal))}|{s.Action}|{s.ErrnoRet}|" +
        string.Join(';', (s.Args ?? []).Select(a => $"{a.Index}:{a.Value}:{a.ValueTwo}:{a.Op}"));

    [Fact]
    public void The_default_profile_for_default_caps_is_what_dockerd_renders()
    {
        var ours = SeccompProfile.Default.Resolve(CapabilitySet.Default, Kernel, Architecture.X64)!;
        var docker = DockerRendered();
        Assert.Equal(docker.DefaultAction, ours.DefaultAction);
        Assert.Equal(docker.DefaultErrnoRet, ours.DefaultErrnoRet);
        Assert.Equal(1u, ours.DefaultErrnoRet); // EPERM
        Assert.Equal(docker.Architectures, ours.Architectures);
        Assert.Equal(docker.Syscalls!.Select(Key), ours.Syscalls!.Select(Key));
    }

    [Fact]
    public void Capabilities_switch_rules_on_and_off()
    {
        var admin = SeccompProfile.Default.Resolve([.. CapabilitySet.Default, "CAP_SYS_ADMIN"], Kernel, Architecture.X64)!;
        var names = admin.Syscalls!.Where(s => s.Args is null && s.Action == "SCMP_ACT_ALLOW").SelectMany(s => s.Names).ToHashSet();
        Assert.Superset(new HashSet<string> { "mount", "umount2", "unshare", "setns", "clone", "clone3", "bpf" }, names);
        Assert.DoesNotContain(admin.Syscalls!, s => s.Names.SequenceEqual(["clone"]) && s.Args is not null); // the flag-checking clone rule is excluded
        Assert.DoesNotContain(admin.Syscalls!, s => s.Names.SequenceEqual(["clone3"]) && s.Action == "SCMP_ACT_ERRNO");

        var noChroot = SeccompProfile.Default.Resolve(CapabilitySet.Default.Where(c => c != "CAP_SYS_CHROOT").ToArray(), Kernel, Architecture.X64)!;
        Assert.DoesNotContain(noChroot.Syscalls!, s => s.Names.Contains("chroot"));
    }

    [Fact]
    public void Architecture_and_kernel_conditions_apply()
    {
        var arm = SeccompProfile.Default.Resolve(CapabilitySet.Default, Kernel, Architecture.Arm64)!;
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], arm.Architectures);
        Assert.DoesNotContain(arm.Syscalls!, s => s.Names.Contains("arch_prctl"));
        Assert.Contains(arm.Syscalls!, s => s.Names.Contains("arm_fadvise64_64"));

        var old = SeccompProfile.Default.Resolve(CapabilitySet.Default, new Version(4, 4), Architecture.X64)!;
        Assert.DoesNotContain(old.Syscalls!, s => s.Names.SequenceEqual(["process_vm_readv", "process_vm_writev", "ptrace"]));
        Assert.Equal(new Version(6, 18), SeccompProfile.ParseKernelRelease("6.18.44-fc-v769"));
        Assert.Equal(new Version(5, 4), SeccompProfile.ParseKernelRelease("5.4.0-generic"));
    }

    [Fact]
    public void User_profiles_in_dockers_format_are_parsed_and_checked()
    {
        var profile = SeccompProfile.Parse("""
            {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
             "syscalls":[{"name":"mkdir","action":"SCMP_ACT_ERRNO","errnoRet":13},
                         {"names":["chmod"],"action":"SCMP_ACT_ERRNO","includes":{"caps":["CAP_FOWNER"]}}]}
            """);
        var spec = profile.Resolve(["CAP_CHOWN"], Kernel, Architecture.X64)!;
        Assert.Equal(["SCMP_ARCH_X86_64"], spec.Architectures);
        var only = Assert.Single(spec.Syscalls!);
        Assert.Equal(["mkdir"], only.Names);
        Assert.Equal(13u, only.ErrnoRet);
        Assert.Null(SeccompProfile.Parse("{}").Resolve([], Kernel));
        Assert.StartsWith("both 'name' and 'names'", Assert.Throws<WharfException>(() =>
            SeccompProfile.Parse("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ERRNO"}]}""").Resolve([], Kernel)).Message);
        Assert.StartsWith("both 'architectures' and 'archMap'", Assert.Throws<WharfException>(() =>
            SeccompProfile.Parse("""{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}""").Resolve([], Kernel)).Message);
    }
}
