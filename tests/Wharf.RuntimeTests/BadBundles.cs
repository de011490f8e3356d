using Wharf.Core.Oci;

namespace Wharf.RuntimeTests;

/// <summary>
/// A bundle the runtime cannot run fails with a non-zero exit and a message on stderr, and leaves
/// no mount, cgroup or state behind. The wording is the runtime's own: only the shape is checked.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class BadBundles
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var runtime in RuntimeUnderTest.Names)
                foreach (var bad in new[] { "missing config.json", "invalid JSON", "missing rootfs", "args[0] not found", "unknown namespace type" })
                    data.Add(runtime, bad);
            return data;
        }
    }

    [KernelTheory, MemberData(nameof(Cases))]
    public async Task Run_fails_cleanly(string runtime, string bad)
    {
        await using var c = TestContainer.New(runtime);
        MakeBad(c, bad);
        var result = await c.ExecAsync("run", "--bundle", c.Bundle, c.Id);
        AssertFailed(runtime, bad, result);
        c.AssertNothingLeft();
    }

    [KernelTheory, MemberData(nameof(Cases))]
    public async Task Create_fails_cleanly(string runtime, string bad)
    {
        await using var c = TestContainer.New(runtime);
        MakeBad(c, bad);
        var result = await c.ExecAsync("create", "--bundle", c.Bundle, c.Id);
        AssertFailed(runtime, bad, result);
        c.AssertNothingLeft();
    }

    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Duplicate_id_fails_and_leaves_the_first_container_alone(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        var first = await c.StateAsync();

        var result = await c.ExecAsync("create", "--bundle", c.Bundle, c.Id);
        AssertFailed(runtime, "duplicate id", result);
        var after = await c.StateAsync();
        Assert.Equal(("created", first.Pid), (after.Status, after.Pid));

        await c.DeleteAndAssertNothingLeftAsync();
    }

    static void MakeBad(TestContainer c, string bad)
    {
        var spec = c.Spec("/bin/true");
        switch (bad)
        {
            case "missing config.json":
                break;
            case "invalid JSON":
                File.WriteAllText(Path.Combine(c.Bundle, "config.json"), "{ \"ociVersion\": \"1.0.2\", \"process\": ");
                break;
            case "missing rootfs":
                c.WriteConfig(spec with { Root = new RootSpec { Path = "no-such-rootfs" } });
                break;
            case "args[0] not found":
                c.WriteConfig(c.Spec("/no/such/program"));
                break;
            case "unknown namespace type":
                c.WriteConfig(spec.WithLinux(l => l with { Namespaces = [.. l.Namespaces!, new NamespaceSpec { Type = "bogus" }] }));
                break;
            default:
                throw new ArgumentException(bad, nameof(bad));
        }
    }

    static void AssertFailed(string runtime, string bad, RuntimeResult result)
    {
        Assert.True(result.ExitCode != 0, $"{runtime} accepted a bundle with {bad}: {result}");
        Assert.True(result.Stderr.Trim().Length > 0, $"{runtime} said nothing on stderr about {bad}: {result}");
    }
}
