namespace Wharf.Containers.Tests.Kernel;

/// <summary>`--mount` binds and tmpfs, and block I/O throttles, under the real runtime (wharf-runtime and runc).</summary>
[Trait("Category", "Kernel")]
[Collection(KernelCollection.Name)]
public sealed class MountAndBlkioKernelTests(BusyboxRootfs rootfs)
{
    public static TheoryData<string> Runtimes => RuntimeBinary.All;

    private static ContainerConfig Sh(string script) => new() { Cmd = ["sh", "-c", script] };

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task A_read_only_bind_shows_the_hosts_file_and_refuses_writes_and_a_tmpfs_has_its_size_and_mode(string runtime)
    {
        string source = Directory.CreateTempSubdirectory("wharf-mount-kernel-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(source, "f"), "from-host\n");
            await using var box = new SpecSandbox(rootfs, runtime);
            var (code, stdout, stderr, _) = await box.RunAsync(
                Sh("cat /m/f; touch /m/x 2>&1; grep ' /t ' /proc/mounts | cut -d' ' -f4; stat -c 'mode=%a' /t; echo data > /t/ok && echo tmpfs-ok"),
                new HostSettings
                {
                    Mounts =
                    [
                        new MountRequest { Type = "bind", Source = source, Target = "/m", ReadOnly = true },
                        new MountRequest { Type = "tmpfs", Target = "/t", TmpfsOptions = new MountTmpfsOptions { SizeBytes = 1 << 20, Mode = Convert.ToInt32("1770", 8) } },
                    ],
                });
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("from-host", stdout);
            Assert.Contains("Read-only file system", stdout);
            Assert.Contains("size=1024k", stdout);
            Assert.Contains("mode=1770", stdout);
            Assert.Contains("tmpfs-ok", stdout);
            Assert.False(File.Exists(Path.Combine(source, "x")));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task A_read_bps_limit_reaches_the_blkio_cgroup(string runtime)
    {
        string? device = new[] { "/dev/loop0", "/dev/vda", "/dev/sda", "/dev/nvme0n1" }.FirstOrDefault(File.Exists);
        if (device is null || !BlkioSupport.Probe("/sys/fs/cgroup").ReadBpsDevice) return; // no block device or no throttle files here
        var stat = Wharf.Linux.Interop.Libc.StatAt(Wharf.Linux.Interop.Libc.AT_FDCWD, device);
        bool v1 = Directory.Exists("/sys/fs/cgroup/blkio");
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(
            Sh(v1 ? "cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device /sys/fs/cgroup/blkio/blkio.throttle.write_iops_device" : "cat /sys/fs/cgroup/io.max"),
            new HostSettings
            {
                BlkioDeviceReadBps = [new BlkioThrottleDevice { Path = device, Rate = 1 << 20 }],
                BlkioDeviceWriteIOps = [new BlkioThrottleDevice { Path = device, Rate = 77 }],
            });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        string numbers = $"{stat.RdevMajor}:{stat.RdevMinor}";
        if (v1)
        {
            Assert.Contains($"{numbers} 1048576", stdout);
            Assert.Contains($"{numbers} 77", stdout);
        }
        else
        {
            Assert.Contains($"{numbers} rbps=1048576", stdout);
            Assert.Contains("wiops=77", stdout);
        }
    }
}
