namespace Wharf.RuntimeTests;

/// <summary>config.json's `process`: args, env, cwd, user, rlimits, noNewPrivileges, capabilities, oomScoreAdj.</summary>
[Trait("Category", "Kernel")]
public sealed class ProcessSettings
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Args_env_and_cwd_are_as_configured(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var spec = c.ProbeSpec("report", "two words", "--flag=x", "").WithProcess(p => p with
        {
            Env = ["PATH=/bin", "WHARF_TEST=a=b c", "EMPTY="],
            Cwd = "/tmp",
        });
        var report = await c.ReportAsync(spec);
        Assert.Equal(["/probe", "report", "two words", "--flag=x", ""], report.All("arg"));
        Assert.Equal(["PATH=/bin", "WHARF_TEST=a=b c", "EMPTY="], report.All("env").Where(e => !e.StartsWith("HOME=")));
        Assert.Equal("/tmp", report["cwd"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    // runc adds HOME from the rootfs's /etc/passwd ("/" for a user it does not list) when env lacks it.
    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Home_comes_from_etc_passwd_when_env_lacks_it(string runtime)
    {
        foreach (var (uid, home) in new[] { (0u, "/root"), (4242u, "/") })
        {
            await using var c = TestContainer.New(runtime);
            var spec = c.ProbeSpec("report").WithProcess(p => p with { Env = ["PATH=/bin"], User = new() { Uid = uid, Gid = uid } });
            Assert.Equal(["PATH=/bin", "HOME=" + home], (await c.ReportAsync(spec)).All("env"));
            await c.DeleteAndAssertNothingLeftAsync();
        }
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task User_uid_gid_and_additional_gids_are_set(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var spec = c.ProbeSpec("report").WithProcess(p => p with
        {
            User = new() { Uid = 1000, Gid = 1001, AdditionalGids = [10, 20, 65534] },
        });
        var report = await c.ReportAsync(spec);
        Assert.Equal(("1000", "1000", "1001", "1001"), (report["uid"], report["euid"], report["gid"], report["egid"]));
        Assert.Equal("10,20,65534", report["groups"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Rlimit_nofile_is_set(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var spec = c.ProbeSpec("report").WithProcess(p => p with
        {
            Rlimits = [new() { Type = "RLIMIT_NOFILE", Soft = 321, Hard = 4321 }, new() { Type = "RLIMIT_CORE", Soft = 0, Hard = 0 }],
        });
        var report = await c.ReportAsync(spec);
        Assert.Equal("321:4321", report["rlimit.nofile"]);
        Assert.Equal("0:0", report["rlimit.core"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task No_new_privileges_is_set_or_not(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        Assert.Equal("1", (await c.ReportAsync())["NoNewPrivs"]);
        await using var c2 = TestContainer.New(runtime);
        Assert.Equal("0", (await c2.ReportAsync(c2.ProbeSpec("report").WithProcess(p => p with { NoNewPrivileges = false })))["NoNewPrivs"]);
        await c.DeleteAndAssertNothingLeftAsync();
        await c2.DeleteAndAssertNothingLeftAsync();
    }

    // As root, execve makes the permitted and effective sets equal to the bounding set (plus
    // inheritable), so configured sets are only observable exactly when they agree with that rule.
    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Capability_sets_are_exactly_as_configured_for_root(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        string[] all = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW", "CAP_SYS_ADMIN"];
        var spec = c.ProbeSpec("report").WithProcess(p => p with
        {
            Capabilities = new() { Bounding = [.. all], Effective = [.. all], Permitted = [.. all], Inheritable = ["CAP_KILL"], Ambient = ["CAP_KILL"] },
        });
        var report = await c.ReportAsync(spec);
        Assert.Equal(Capabilities.Mask(all), report["CapBnd"]);
        Assert.Equal(Capabilities.Mask(all), report["CapPrm"]);
        Assert.Equal(Capabilities.Mask(all), report["CapEff"]);
        Assert.Equal(Capabilities.Mask("CAP_KILL"), report["CapInh"]);
        Assert.Equal(Capabilities.Mask("CAP_KILL"), report["CapAmb"]);
        Assert.Equal("ok", report["mount_tmpfs"]); // CAP_SYS_ADMIN was granted
        await c.DeleteAndAssertNothingLeftAsync();
    }

    // A non-root process keeps after execve only its ambient set: the runtime must raise it.
    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Ambient_capabilities_survive_exec_for_a_non_root_user(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        string[] all = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"];
        var spec = c.ProbeSpec("report").WithProcess(p => p with
        {
            User = new() { Uid = 1000, Gid = 1000 },
            Capabilities = new()
            {
                Bounding = [.. all], Effective = [.. all], Permitted = [.. all],
                Inheritable = ["CAP_NET_BIND_SERVICE"], Ambient = ["CAP_NET_BIND_SERVICE"],
            },
        });
        var report = await c.ReportAsync(spec);
        var ambient = Capabilities.Mask("CAP_NET_BIND_SERVICE");
        Assert.Equal(Capabilities.Mask(all), report["CapBnd"]);
        Assert.Equal((ambient, ambient, ambient, ambient), (report["CapPrm"], report["CapEff"], report["CapInh"], report["CapAmb"]));
        await c.DeleteAndAssertNothingLeftAsync();
    }

    // runc sets 0022 when user.umask is absent.
    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Umask_defaults_to_0022_and_follows_user_umask(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        Assert.Equal("0022", (await c.ReportAsync())["umask"]);
        await using var c2 = TestContainer.New(runtime);
        var spec = c2.ProbeSpec("report").WithProcess(p => p with { User = new() { Uid = 0, Gid = 0, Umask = 0b000_111_111 } });
        Assert.Equal("0077", (await c2.ReportAsync(spec))["umask"]);
        await c.DeleteAndAssertNothingLeftAsync();
        await c2.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Oom_score_adj_is_set(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync(c.ProbeSpec("report").WithProcess(p => p with { OomScoreAdj = 543 }));
        Assert.Equal("543", report["oom_score_adj"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }
}
