using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Tests.CommandLine;

/// <summary>The Options block against the real `docker run --help` (docker 28.2.2, 80 columns).</summary>
public sealed class FlagUsagesTests
{
    [Fact]
    public void Lays_out_flags_like_docker_run_help()
    {
        var flags = new FlagSet();
        flags.List("add-host", null, "Add a custom host-to-IP mapping (host:ip)");
        flags.Map("annotation", null, "Add an annotation to the container (passed through to the OCI runtime)");
        flags.String("cgroupns", null, """
            Cgroup namespace to use (host|private)
            'host':    Run the container in the Docker host's cgroup namespace
            'private': Run the container in its own private cgroup namespace
            '':        Use the cgroup namespace as configured by the
                       default-cgroupns-mode option on the daemon (default)
            """);
        flags.Decimal("cpus", null, "Number of CPUs");
        flags.Add(new DurationFlag("health-start-interval", null, "Time between running the check during the start period (ms|s|m|h)") { ShownDefault = "0s" });
        flags.Add(new DurationFlag("health-timeout", null, "Maximum time to allow one check to run (ms|s|m|h)") { ShownDefault = "0s" });
        flags.Bool("help", null, "Print usage");
        flags.String("hostname", 'h', "Container host name");
        flags.Bytes("memory", 'm', "Memory limit");
        flags.Int("memory-swappiness", null, "Tune container memory swappiness (0 to 100)", -1);
        flags.String("pull", null, "Pull image before running (\"always\", \"missing\", \"never\")", "missing");
        flags.String("restart", null, "Restart policy to apply when a container exits", "no");
        flags.Bool("sig-proxy", null, "Proxy received signals to the process", true);
        flags.Bool("privileged", null, "Give extended privileges to this container");
        flags.Add(new BoolFlag("hidden", null, "never listed") { Hidden = true });

        string expected = """
                  --add-host list                    Add a custom host-to-IP mapping
                                                     (host:ip)
                  --annotation map                   Add an annotation to the
                                                     container (passed through to the
                                                     OCI runtime) (default map[])
                  --cgroupns string                  Cgroup namespace to use
                                                     (host|private)
                                                     'host':    Run the container in
                                                     the Docker host's cgroup
                                                     namespace
                                                     'private': Run the container in
                                                     its own private cgroup namespace
                                                     '':        Use the cgroup
                                                     namespace as configured by the
                                                                default-cgroupns-mode
                                                     option on the daemon (default)
                  --cpus decimal                     Number of CPUs
                  --health-start-interval duration   Time between running the check
                                                     during the start period
                                                     (ms|s|m|h) (default 0s)
                  --health-timeout duration          Maximum time to allow one check
                                                     to run (ms|s|m|h) (default 0s)
                  --help                             Print usage
              -h, --hostname string                  Container host name
              -m, --memory bytes                     Memory limit
                  --memory-swappiness int            Tune container memory swappiness
                                                     (0 to 100) (default -1)
                  --privileged                       Give extended privileges to this
                                                     container
                  --pull string                      Pull image before running
                                                     ("always", "missing", "never")
                                                     (default "missing")
                  --restart string                   Restart policy to apply when a
                                                     container exits (default "no")
                  --sig-proxy                        Proxy received signals to the
                                                     process (default true)

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), FlagUsages.Format(flags.Flags, 79));
    }

    [Fact]
    public void A_backquoted_word_names_the_value() =>
        Assert.Equal("      --file path   Read from path\n", FlagUsages.Format([new StringFlag("file", null, "Read from `path`")], 79));
}
