namespace Wharf.E2E.Tests;

/// <summary>
/// docker 28's run/create flags that reach the daemon's mounts, resources and endpoint checks,
/// through both the docker CLI and wharf: the same outcome, docker's messages and exit codes.
/// </summary>
[Collection("wharfd")]
public class RunFlagsTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    private static readonly string[] Clis = ["docker", "wharf"];

    private Task<CommandResult> CliAsync(string cli, params string[] args) => cli == "docker" ? Daemon.DockerAsync(args) : Daemon.WharfAsync(args);

    [BusyboxFact]
    public async Task A_read_only_bind_mount_shows_the_hosts_file_and_refuses_writes()
    {
        string image = await Daemon.BusyboxImageAsync();
        string source = Directory.CreateTempSubdirectory("wharf-e2e-mount-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(source, "f"), "hello\n");
            foreach (string cli in Clis)
            {
                var run = await CliAsync(cli, "run", "--rm", "--mount", $"type=bind,src={source},dst=/m,readonly", image, "sh", "-c", "cat /m/f; touch /m/x");
                Assert.True(run.ExitCode == 1, $"{cli}: {run.ExitCode} {run.Stdout} {run.Stderr}");
                Assert.Equal("hello\n", run.Stdout);
                Assert.Contains("Read-only file system", run.Stderr);
            }
            Assert.False(File.Exists(Path.Combine(source, "x")));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [BusyboxFact]
    public async Task A_missing_bind_source_is_made_for_v_but_not_for_mount()
    {
        string image = await Daemon.BusyboxImageAsync();
        string root = Directory.CreateTempSubdirectory("wharf-e2e-bindsrc-").FullName;
        try
        {
            foreach (string cli in Clis)
            {
                string viaV = Path.Combine(root, cli, "by-v", "deeper");
                (await CliAsync(cli, "run", "--rm", "-v", $"{viaV}:/m", image, "sh", "-c", "echo made > /m/f")).Succeeded();
                Assert.Equal("made\n", File.ReadAllText(Path.Combine(viaV, "f")));

                string viaMount = Path.Combine(root, cli, "by-mount");
                var refused = await CliAsync(cli, "run", "--rm", "--mount", $"type=bind,src={viaMount},dst=/m", image, "true");
                Assert.Equal(125, refused.ExitCode);
                Assert.Contains($"bind source path does not exist: {viaMount}", refused.Stderr);
                Assert.False(Directory.Exists(viaMount));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [BusyboxFact]
    public async Task A_tmpfs_mount_has_its_size_and_mode_and_inspect_shows_the_mounts()
    {
        string image = await Daemon.BusyboxImageAsync();
        foreach (string cli in Clis)
        {
            var run = (await CliAsync(cli, "run", "--rm", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770", image,
                "sh", "-c", "grep ' /t ' /proc/mounts | cut -d' ' -f3,4; stat -c %a /t")).Succeeded();
            Assert.Matches(@"^tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=1770\n1770\n$", run.Stdout);
        }

        string name = WharfdFixture.UniqueName("mnt");
        (await CliAsync("wharf", "create", "--name", name, "--mount", "type=bind,src=/tmp,dst=/h,readonly,bind-propagation=rslave",
            "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m", image, "true")).Succeeded();
        try
        {
            var inspect = (await Daemon.DockerAsync("inspect", "-f", "{{json .Mounts}}\n{{json .HostConfig.Mounts}}", name)).Succeeded();
            Assert.Equal(
                """[{"Type":"bind","Source":"/tmp","Destination":"/h","Mode":"","RW":false,"Propagation":"rslave"},{"Type":"tmpfs","Source":"","Destination":"/t","Mode":"","RW":true,"Propagation":""}]""" + "\n"
                + """[{"Type":"bind","Source":"/tmp","Target":"/h","ReadOnly":true,"BindOptions":{"Propagation":"rslave"}},{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576}}]""" + "\n",
                inspect.Stdout);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Mounts_and_endpoints_the_daemon_refuses_print_mobys_message_and_exit_125()
    {
        string image = await Daemon.BusyboxImageAsync();
        (string[] Flags, string Message)[] cases =
        [
            (["--mount", "type=bind,src=/nonexistent-wharf,dst=/m"], "invalid mount config for type \"bind\": bind source path does not exist: /nonexistent-wharf"),
            (["--mount", "type=bind,src=/tmp,dst=/m", "-v", "/tmp:/m"], "Duplicate mount point: /m"),
            (["--mount", "type=volume,src=data,dst=/v"], "invalid mount config for type \"volume\": volumes are not supported by wharf yet"),
            (["--ip", "172.17.0.9"], "invalid config for network default: invalid endpoint settings:\nuser specified IP address is supported on user defined networks only"),
            (["--link", "nosuch-wharf:db"], "could not get container for nosuch-wharf: No such container: nosuch-wharf"),
            (["--gpus", "all"], "could not select device driver \"\" with capabilities: [[gpu]]"),
        ];
        foreach ((string[] flags, string message) in cases)
        {
            foreach (string cli in Clis)
            {
                var run = await CliAsync(cli, ["run", "--rm", .. flags, image, "true"]);
                Assert.True(run.ExitCode == 125, $"{cli} {string.Join(' ', flags)}: {run.ExitCode} {run.Stderr}");
                Assert.StartsWith($"{cli}: Error response from daemon: {message}\n", run.Stderr);
            }
        }
    }

    [BusyboxFact]
    public async Task A_mac_address_on_the_default_network_is_kept_and_shown()
    {
        string image = await Daemon.BusyboxImageAsync();
        foreach (string cli in Clis)
        {
            string name = WharfdFixture.UniqueName("mac");
            (await CliAsync(cli, "create", "--name", name, "--mac-address", "92:d0:c6:0a:29:33", image, "true")).Succeeded();
            try
            {
                var inspect = (await Daemon.DockerAsync("inspect", "-f", "{{.NetworkSettings.Networks.bridge.MacAddress}} {{.NetworkSettings.MacAddress}}", name)).Succeeded();
                Assert.Equal("92:d0:c6:0a:29:33 92:d0:c6:0a:29:33\n", inspect.Stdout);
            }
            finally
            {
                await Daemon.DockerAsync("rm", "-f", name);
            }
        }
    }

    [BusyboxFact]
    public async Task A_read_bps_limit_reaches_the_containers_blkio_cgroup()
    {
        string? device = new[] { "vda", "sda", "nvme0n1", "loop0" }.FirstOrDefault(d => File.Exists("/dev/" + d) && File.Exists($"/sys/class/block/{d}/dev"));
        if (device is null || !File.Exists("/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device")) return; // only where v1 blkio throttles exist
        string numbers = File.ReadAllText($"/sys/class/block/{device}/dev").Trim(); // "MAJOR:MINOR"
        string image = await Daemon.BusyboxImageAsync();
        foreach (string cli in Clis)
        {
            var run = (await CliAsync(cli, "run", "--rm", "--device-read-bps", $"/dev/{device}:1mb", image, "cat", "/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device")).Succeeded();
            Assert.Equal($"{numbers} 1048576\n", run.Stdout);
        }
    }
}
