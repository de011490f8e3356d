using System.Text.Json;
using Wharf.Core.Oci;

namespace Wharf.RuntimeTests;

/// <summary>`exec`: another process inside a running container's namespaces and cgroup.</summary>
[Trait("Category", "Kernel")]
public sealed class Exec
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    static async Task<TestContainer> RunningAsync(string runtime, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var c = TestContainer.New(runtime, test);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        await c.ExpectSuccessAsync("start", c.Id);
        await c.WaitForStatusAsync("running");
        return c;
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Exec_joins_the_namespaces_and_the_cgroup_of_the_container(string runtime)
    {
        await using var c = await RunningAsync(runtime);
        var result = await c.ExpectSuccessAsync("exec", c.Id, "/bin/sh", "-c",
            "for ns in pid mnt net ipc uts; do echo $ns $(readlink /proc/1/ns/$ns) $(readlink /proc/self/ns/$ns); done; " +
            "echo self $$; echo host $(hostname); cat /proc/1/cgroup | sort | md5sum; cat /proc/self/cgroup | sort | md5sum");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Take(5))
        {
            var f = line.Split(' ');
            Assert.True(f.Length == 3 && f[1] == f[2], $"{runtime}: exec is not in the container's {f[0]} namespace: {line}");
        }
        Assert.NotEqual("self 1", lines[5]);
        Assert.Equal($"host {c.Hostname}", lines[6]);
        Assert.True(lines[7] == lines[8], $"{runtime}: exec is not in the container's cgroups\n{result}");
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Exec_returns_the_exit_code_and_passes_flags_through(string runtime)
    {
        await using var c = await RunningAsync(runtime);
        var exit = await c.ExecAsync("exec", c.Id, "/bin/sh", "-c", "exit 5");
        Assert.True(exit.ExitCode == 5, $"{runtime}: {exit}");

        var flags = await c.ExpectSuccessAsync("exec", "--cwd", "/tmp", "--env", "GREETING=hi", "--user", "1000:1000", c.Id,
            "/bin/sh", "-c", "echo $(pwd) $GREETING $(id -u) $(id -g)");
        Assert.Equal("/tmp hi 1000 1000", flags.Stdout.Trim());
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Exec_runs_a_process_json(string runtime)
    {
        await using var c = await RunningAsync(runtime);
        var process = c.Spec().Process! with { Args = ["/bin/sh", "-c", "echo $(id -u) $(cat /proc/self/status | grep NoNewPrivs)"], User = new UserSpec { Uid = 65534, Gid = 65534 }, NoNewPrivileges = true, Terminal = false };
        string file = Path.Combine(c.Dir, "process.json");
        File.WriteAllText(file, JsonSerializer.Serialize(process, OciJsonContext.Default.ProcessSpec));
        var result = await c.ExpectSuccessAsync("exec", "--process", file, c.Id);
        Assert.Equal("65534 NoNewPrivs: 1", result.Stdout.Trim().Replace('\t', ' '));
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Exec_of_a_missing_program_or_into_a_stopped_container_fails(string runtime)
    {
        await using var c = await RunningAsync(runtime);
        var missing = await c.ExecAsync("exec", c.Id, "/no/such/program");
        Assert.True(missing.ExitCode != 0 && missing.Stderr.Length > 0, $"{runtime}: {missing}");

        await c.ExpectSuccessAsync("kill", c.Id, "KILL");
        await c.WaitForStatusAsync("stopped");
        var stopped = await c.ExecAsync("exec", c.Id, "/bin/true");
        Assert.True(stopped.ExitCode != 0 && stopped.Stderr.Length > 0, $"{runtime}: {stopped}");
        await c.ExpectSuccessAsync("delete", c.Id);
        c.AssertNothingLeft();
    }
}
