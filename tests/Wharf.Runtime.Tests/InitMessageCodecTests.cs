using System.Text.Json;
using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;
using Wharf.Runtime.Process;

namespace Wharf.Runtime.Tests;

public class InitMessageCodecTests
{
    [Fact]
    public void A_request_survives_the_wire_with_everything_the_init_acts_on()
    {
        var spec = SpecTemplate.Create() with
        {
            Domainname = "example.org",
            Annotations = new() { ["a"] = "b" },
            Hooks = new HooksSpec
            {
                CreateContainer = [new HookSpec { Path = "/bin/hook", Args = ["hook", "x"], Env = ["A=1"], Timeout = 5 }],
                StartContainer = [new HookSpec { Path = "/bin/start" }],
            },
        };
        spec = spec with
        {
            Process = spec.Process! with
            {
                User = new UserSpec { Uid = 1000, Gid = 2000, Umask = 0x12, AdditionalGids = [10, 20] },
                ConsoleSize = new ConsoleSize { Height = 40, Width = 120 },
                OomScoreAdj = -500,
                Env = ["PATH=/bin", "NAME=übersee"],
            },
            Linux = spec.Linux! with
            {
                Devices = [new DeviceSpec { Type = "c", Path = "/dev/fuse", Major = 10, Minor = 229, FileMode = 0x1a4, Uid = 1, Gid = 2 }],
                Sysctl = new() { ["net.ipv4.ip_forward"] = "1" },
                RootfsPropagation = "rprivate",
                Namespaces = [new NamespaceSpec { Type = "pid" }, new NamespaceSpec { Type = "network", Path = "/proc/1/ns/net" }],
            },
        };
        var request = new InitRequest
        {
            Mode = InitMode.Create, ContainerId = "c1", Rootfs = "/b/rootfs", Bundle = "/b", StateDirectory = "/run/x/c1",
            ConsoleSocketFd = 7, PreserveFds = 2, HostPid = 4242,
            CgroupMounts = [new CgroupMountSource("memory", "/sys/fs/cgroup/memory/c1")],
            Joins = [new NamespaceJoin(0x20000, 9)],
            SeccompProgram = [new SockFilter(0x20, 0, 0, 4), new SockFilter(0x6, 1, 2, 0x7fff0000)],
            SeccompFlags = 3,
            Spec = spec,
        };

        var decoded = InitMessageCodec.DecodeRequest(InitMessageCodec.Encode(request));

        Assert.Equal((request.Mode, request.ContainerId, request.Rootfs, request.Bundle, request.StateDirectory),
            (decoded.Mode, decoded.ContainerId, decoded.Rootfs, decoded.Bundle, decoded.StateDirectory));
        Assert.Equal((7, 2, 4242, 3u), (decoded.ConsoleSocketFd, decoded.PreserveFds, decoded.HostPid, decoded.SeccompFlags));
        Assert.Equal(request.CgroupMounts, decoded.CgroupMounts);
        Assert.Equal(request.Joins, decoded.Joins);
        Assert.Equal(request.SeccompProgram, decoded.SeccompProgram);
        // The spec's parts the init uses compare equal as JSON (root.path stays with the runtime).
        string Json(RuntimeSpec s) => JsonSerializer.Serialize(s with { Root = s.Root! with { Path = "" }, Linux = s.Linux! with { Resources = null },
            Hooks = new HooksSpec { CreateContainer = s.Hooks?.CreateContainer, StartContainer = s.Hooks?.StartContainer } }, OciJsonContext.Default.RuntimeSpec);
        Assert.Equal(Json(spec), Json(decoded.Spec with { OciVersion = spec.OciVersion }));
    }

    [Fact]
    public void Replies_carry_their_kind_and_message()
    {
        var reply = InitMessageCodec.DecodeReply(InitMessageCodec.Encode(new InitReply(false, "exec: \"x\": not found")));
        Assert.Equal(new InitReply(false, "exec: \"x\": not found"), reply);
        Assert.True(InitMessageCodec.DecodeReply(InitMessageCodec.Encode(new InitReply(true, HooksDue: true))).HooksDue);
    }

    [Fact]
    public void A_corrupt_frame_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => InitMessageCodec.DecodeRequest([1, 2, 3, 4, 5]));
    }
}
