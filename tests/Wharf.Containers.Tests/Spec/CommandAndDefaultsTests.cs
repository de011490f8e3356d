using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers.Tests.Spec;

public sealed class CommandAndDefaultsTests
{
    private static readonly ImageExecutionConfig Image = new()
    {
        Entrypoint = ["/entry.sh"],
        Cmd = ["serve", "--port", "80"],
        Env = ["PATH=/opt/bin:/usr/bin", "LANG=C.UTF-8", "MODE=image"],
        User = "app",
        WorkingDir = "/srv",
        Labels = new Dictionary<string, string> { ["from"] = "image", ["both"] = "image" },
        ExposedPorts = new Dictionary<string, EmptyObject> { ["80/tcp"] = EmptyObject.Instance },
        StopSignal = "SIGQUIT",
    };

    public static TheoryData<string[]?, string[]?, string, string[]> Commands => new()
    {
        // entrypoint, cmd (the user's) → path, args
        { null, null, "/entry.sh", ["serve", "--port", "80"] },
        { null, ["sh"], "/entry.sh", ["sh"] },
        { ["/bin/tini", "--"], null, "/bin/tini", ["--"] }, // a set entrypoint drops the image's Cmd
        { ["/bin/tini", "--"], ["run"], "/bin/tini", ["--", "run"] },
        { [], null, "serve", ["--port", "80"] }, // [] clears the entrypoint, the image's Cmd stays
        { [], ["echo", "hi"], "echo", ["hi"] },
        { [""], ["echo", "hi"], "echo", ["hi"] }, // --entrypoint "" with a command
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Entrypoint_and_cmd_follow_dockers_rules(string[]? entrypoint, string[]? cmd, string path, string[] args)
    {
        var merged = ImageDefaults.Merge(new ContainerConfig { Entrypoint = entrypoint, Cmd = cmd }, Image);
        var resolved = ContainerCommand.Resolve(merged);
        Assert.Equal(path, resolved.Path);
        Assert.Equal(args, resolved.Args);
    }

    [Fact]
    public void No_command_at_all_is_dockers_error()
    {
        // --entrypoint "" and no command: the image's Cmd is not taken either.
        var merged = ImageDefaults.Merge(new ContainerConfig { Entrypoint = [""] }, Image);
        var e = Assert.Throws<WharfException>(() => ContainerCommand.Resolve(merged));
        Assert.Equal("no command specified", e.Message);
        Assert.Throws<WharfException>(() => ContainerCommand.Resolve(ImageDefaults.Merge(new ContainerConfig(), new ImageExecutionConfig())));
    }

    [Fact]
    public void The_image_fills_what_the_request_leaves_open()
    {
        var merged = ImageDefaults.Merge(new ContainerConfig
        {
            Env = ["MODE=user", "EXTRA=1"],
            Labels = new Dictionary<string, string> { ["both"] = "user" },
            ExposedPorts = new Dictionary<string, EmptyObject> { ["443/tcp"] = EmptyObject.Instance },
        }, Image);
        Assert.Equal(["MODE=user", "EXTRA=1", "PATH=/opt/bin:/usr/bin", "LANG=C.UTF-8"], merged.Env);
        Assert.Equal("app", merged.User);
        Assert.Equal("/srv", merged.WorkingDir);
        Assert.Equal("SIGQUIT", merged.StopSignal);
        Assert.Equal("user", merged.Labels!["both"]);
        Assert.Equal("image", merged.Labels["from"]);
        Assert.Equal(["443/tcp", "80/tcp"], merged.ExposedPorts!.Keys.Order());

        var own = ImageDefaults.Merge(new ContainerConfig { User = "1000", WorkingDir = "/work" }, Image);
        Assert.Equal(("1000", "/work"), (own.User, own.WorkingDir));
    }

    [Fact]
    public void The_environment_starts_from_path_and_hostname_and_lets_the_image_override()
    {
        var merged = ImageDefaults.Merge(new ContainerConfig { Env = ["HOSTNAME=mine"], Tty = true }, Image);
        Assert.Equal(["PATH=/opt/bin:/usr/bin", "HOSTNAME=mine", "TERM=xterm", "LANG=C.UTF-8", "MODE=image"],
            ContainerSpecBuilder.Environment(merged, "abc"));
        Assert.Equal(["PATH=" + ContainerSpecBuilder.DefaultPath, "HOSTNAME=abc"],
            ContainerSpecBuilder.Environment(new ContainerConfig(), "abc"));
    }

    [Fact]
    public void Env_entries_without_a_value_unset_a_default()
    {
        Assert.Equal(["HOSTNAME=h", "A=1", "A=2"], EnvironmentList.ReplaceOrAppend(["PATH=/bin", "HOSTNAME=h"], ["PATH", "A=1", "A=2", "NOPE"]));
    }

    [Fact]
    public void Creation_merges_defaults_the_hostname_and_host_settings()
    {
        string id = Records.Id("abcdef123456");
        var (container, warnings) = ContainerCreation.Create(new ContainerCreateRequest
        {
            Id = id,
            Name = "web",
            Config = new ContainerConfig { Image = "app:1", WorkingDir = "/srv/./data/../www/" },
            HostSettings = new HostSettings { Memory = 64 << 20 },
            ImageId = "sha256:1234",
            Image = new ImageConfig { Config = Image },
        });
        Assert.Empty(warnings);
        Assert.Equal("/web", container.Name);
        Assert.Equal("abcdef123456", container.Config.Hostname);
        Assert.Equal("/entry.sh", container.Path);
        Assert.Equal(["serve", "--port", "80"], container.Args);
        Assert.Equal("/srv/www", container.Config.WorkingDir);
        Assert.Equal(128L << 20, container.HostSettings.MemorySwap);
        Assert.Equal(HostDefaults.ShmSize, container.HostSettings.ShmSize);
        Assert.Equal(ContainerStatus.Created, container.State.Status);
        Assert.Equal("app:1", container.ImageName);

        var host = ContainerCreation.Create(new ContainerCreateRequest
        {
            Id = id, Name = "/h", Config = new ContainerConfig { Cmd = ["true"] }, ImageId = "sha256:1",
            HostSettings = new HostSettings { NetworkMode = "host" },
        }).Container;
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), host.Config.Hostname);
    }

    [Theory]
    [InlineData("Memory", "Minimum memory limit allowed is 6MB")]
    [InlineData("Swap", "Minimum memoryswap limit should be larger than memory limit, see usage")]
    [InlineData("SwapOnly", "You should always set the Memory limit when using Memoryswap limit, see usage")]
    [InlineData("NanoAndPeriod", "Conflicting options: Nano CPUs and CPU Period cannot both be set")]
    [InlineData("Period", "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)")]
    [InlineData("Restart", "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")]
    [InlineData("Retries", "invalid restart policy: maximum retry count can only be used with 'on-failure'")]
    [InlineData("AutoRemove", "can't create 'AutoRemove' container with restart policy")]
    [InlineData("ExtraHost", "bad format for add-host: \"nocolon\"")]
    [InlineData("ExtraHostIp", "invalid IP address in add-host: \"1\"")]
    [InlineData("Cap", "invalid CapAdd: unknown capability: \"CAP_FLY\"")]
    [InlineData("SecurityOpt", "invalid --security-opt 2: \"colour=red\"")]
    [InlineData("Tmpfs", "invalid tmpfs option \"color\"")]
    [InlineData("WorkingDir", "the working directory 'relative' is invalid, it needs to be an absolute path")]
    [InlineData("Env", "invalid environment variable: =x")]
    [InlineData("Bind", "invalid mode: fast")]
    [InlineData("DuplicateBind", "Duplicate mount point: /data")]
    public void Creation_refuses_what_docker_refuses(string what, string message)
    {
        var config = new ContainerConfig { Cmd = ["true"] };
        var host = new HostSettings();
        switch (what)
        {
            case "Memory": host = host with { Memory = 1 << 20 }; break;
            case "Swap": host = host with { Memory = 64 << 20, MemorySwap = 32 << 20 }; break;
            case "SwapOnly": host = host with { MemorySwap = 32 << 20 }; break;
            case "NanoAndPeriod": host = host with { NanoCpus = 500_000_000, CpuPeriod = 50_000 }; break;
            case "Period": host = host with { CpuPeriod = 10 }; break;
            case "Restart": host = host with { RestartPolicy = new RestartPolicy { Name = "sometimes" } }; break;
            case "Retries": host = host with { RestartPolicy = new RestartPolicy { Name = "always", MaximumRetryCount = 2 } }; break;
            case "AutoRemove": host = host with { AutoRemove = true, RestartPolicy = new RestartPolicy { Name = "always" } }; break;
            case "ExtraHost": host = host with { ExtraHosts = ["nocolon"] }; break;
            case "ExtraHostIp": host = host with { ExtraHosts = ["db:1"] }; break;
            case "Cap": host = host with { CapAdd = ["fly"] }; break;
            case "SecurityOpt": host = host with { SecurityOpt = ["colour=red"] }; break;
            case "Tmpfs": host = host with { Tmpfs = new Dictionary<string, string> { ["/run"] = "color=blue" } }; break;
            case "WorkingDir": config = config with { WorkingDir = "relative" }; break;
            case "Env": config = config with { Env = ["=x"] }; break;
            case "Bind": host = host with { Binds = ["/srv:/srv:fast"] }; break;
            case "DuplicateBind": host = host with { Binds = ["/srv:/data", "vol:/data/"] }; break;
        }
        var e = Assert.Throws<WharfException>(() => ContainerCreation.Create(new ContainerCreateRequest
        {
            Id = Records.Id("ab"), Name = "/x", Config = config, HostSettings = host, ImageId = "sha256:1",
        }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }
}
