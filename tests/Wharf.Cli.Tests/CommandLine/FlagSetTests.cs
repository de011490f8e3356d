using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Tests.CommandLine;

/// <summary>pflag's parsing rules, as `docker run` relies on them.</summary>
public sealed class FlagSetTests
{
    private sealed class RunFlags
    {
        public readonly FlagSet Set = new() { Interspersed = false };
        public readonly BoolFlag Interactive;
        public readonly BoolFlag Tty;
        public readonly BoolFlag Rm;
        public readonly ListFlag Env;
        public readonly ListFlag Publish;
        public readonly StringFlag Name;
        public readonly IntFlag Timeout;
        public readonly BytesFlag Memory;
        public readonly DurationFlag Interval;

        public RunFlags()
        {
            Interactive = Set.Bool("interactive", 'i', "Keep STDIN open even if not attached");
            Tty = Set.Bool("tty", 't', "Allocate a pseudo-TTY");
            Rm = Set.Bool("rm", null, "Automatically remove the container");
            Env = Set.List("env", 'e', "Set environment variables");
            Publish = Set.List("publish", 'p', "Publish a container's port(s) to the host");
            Name = Set.String("name", null, "Assign a name to the container");
            Timeout = Set.Int("stop-timeout", 's', "Timeout (in seconds) to stop a container");
            Memory = Set.Bytes("memory", 'm', "Memory limit");
            Interval = Set.Duration("health-interval", null, "Time between running the check (ms|s|m|h)");
        }

        public List<string> Parse(params string[] args) => Set.Parse(args, TextWriter.Null);
    }

    [Fact]
    public void Bundled_shorthands_and_attached_values()
    {
        var f = new RunFlags();
        List<string> rest = f.Parse("-it", "-p8080:80", "-e=A=1", "-eB=2", "--name=web", "-m", "512m", "busybox", "sh");
        Assert.True(f.Interactive.Value);
        Assert.True(f.Tty.Value);
        Assert.Equal(["8080:80"], f.Publish.Value);
        Assert.Equal(["A=1", "B=2"], f.Env.Value);
        Assert.Equal("web", f.Name.Value);
        Assert.Equal(512L << 20, f.Memory.Value);
        Assert.Equal(["busybox", "sh"], rest);
    }

    [Fact]
    public void Arguments_after_the_image_belong_to_the_container()
    {
        var f = new RunFlags();
        List<string> rest = f.Parse("--rm", "busybox", "ls", "-l", "--name", "x", "-it");
        Assert.True(f.Rm.Value);
        Assert.False(f.Tty.Value);
        Assert.Equal("", f.Name.Value);
        Assert.Equal(["busybox", "ls", "-l", "--name", "x", "-it"], rest);
    }

    [Fact]
    public void Booleans_take_an_explicit_value_only_with_equals()
    {
        var f = new RunFlags();
        List<string> rest = f.Parse("--rm=false", "-t=true", "-i", "true");
        Assert.False(f.Rm.Value);
        Assert.True(f.Rm.Changed);
        Assert.True(f.Tty.Value);
        Assert.Equal(["true"], rest); // "true" is the image, not -i's value
    }

    [Fact]
    public void Double_dash_ends_the_flags()
    {
        var f = new RunFlags { Set = { Interspersed = true } };
        Assert.Equal(["-t", "x"], f.Parse("--", "-t", "x"));
        Assert.False(f.Tty.Value);
    }

    [Fact]
    public void Interspersed_commands_take_flags_after_arguments()
    {
        var set = new FlagSet();
        BoolFlag force = set.Bool("force", 'f', "Force");
        Assert.Equal(["a", "b"], set.Parse(["a", "-f", "b"], TextWriter.Null));
        Assert.True(force.Value);
    }

    [Theory]
    [InlineData(new[] { "--foo" }, "unknown flag: --foo")]
    [InlineData(new[] { "--foo=bar" }, "unknown flag: --foo")]
    [InlineData(new[] { "-x" }, "unknown shorthand flag: 'x' in -x")]
    [InlineData(new[] { "-itx" }, "unknown shorthand flag: 'x' in -x")]
    [InlineData(new[] { "--name" }, "flag needs an argument: --name")]
    [InlineData(new[] { "-e" }, "flag needs an argument: 'e' in -e")]
    [InlineData(new[] { "-ie" }, "flag needs an argument: 'e' in -e")]
    [InlineData(new[] { "---x" }, "bad flag syntax: ---x")]
    [InlineData(new[] { "--=x" }, "bad flag syntax: --=x")]
    [InlineData(new[] { "-s", "abc" }, "invalid argument \"abc\" for \"-s, --stop-timeout\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData(new[] { "--rm=maybe" }, "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    [InlineData(new[] { "-m", "lots" }, "invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'")]
    [InlineData(new[] { "--health-interval", "10" }, "invalid argument \"10\" for \"--health-interval\" flag: time: missing unit in duration \"10\"")]
    public void Errors_read_like_pflag(string[] args, string message) =>
        Assert.Equal(message, Assert.Throws<FlagException>(() => new RunFlags().Parse(args)).Message);

    [Theory]
    [InlineData("10", 10L)]
    [InlineData("0x10", 16L)]
    [InlineData("010", 8L)]
    [InlineData("-5", -5L)]
    [InlineData("1_000", 1000L)]
    public void Integers_parse_like_strconv_base_0(string text, long expected)
    {
        var f = new RunFlags();
        f.Parse("-s", text);
        Assert.Equal(expected, f.Timeout.Value);
    }

    [Theory]
    [InlineData("1m30s", 90.0)]
    [InlineData("1.5h", 5400.0)]
    [InlineData("300ms", 0.3)]
    [InlineData("0", 0.0)]
    public void Durations_parse_like_go(string text, double seconds)
    {
        var f = new RunFlags();
        f.Parse("--health-interval", text);
        Assert.Equal(TimeSpan.FromSeconds(seconds), f.Interval.Value);
    }
}
