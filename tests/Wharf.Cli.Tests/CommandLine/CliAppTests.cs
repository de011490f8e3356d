namespace Wharf.Cli.Tests.CommandLine;

/// <summary>Help, usage errors and exit codes, compared with what docker 28.2.2 prints for the same mistakes.</summary>
public sealed class CliAppTests
{
    [Fact]
    public void Top_level_help_groups_commands_like_docker()
    {
        CliRun.Result r = CliRun.InProcess(["--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Error);
        Assert.Equal("""
            Usage:  wharf [OPTIONS] COMMAND

            A container engine that speaks Docker's language

            Common Commands:
              run         Create and run a new container from an image
              exec        Execute a command in a running container
              ps          List containers
              images      List images
              version     Show the Wharf version information
              info        Display system-wide information

            Management Commands:
              container   Manage containers
              image       Manage images
              system      Manage Wharf

            Commands:
              attach      Attach local standard input, output, and error streams to a running container
              commit      Create a new image from a container's changes
              cp          Copy files/folders between a container and the local filesystem
              create      Create a new container
              diff        Inspect changes to files or directories on a container's filesystem
              events      Get real time events from the server
              export      Export a container's filesystem as a tar archive
              history     Show the history of an image
              import      Import the contents from a tarball to create a filesystem image
              inspect     Return low-level information on Wharf objects
              kill        Kill one or more running containers
              load        Load an image from a tar archive or STDIN
              logs        Fetch the logs of a container
              pause       Pause all processes within one or more containers
              rename      Rename a container
              restart     Restart one or more containers
              rm          Remove one or more containers
              rmi         Remove one or more images
              save        Save one or more images to a tar archive (streamed to STDOUT by default)
              start       Start one or more stopped containers
              stats       Display a live stream of container(s) resource usage statistics
              stop        Stop one or more running containers
              tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE
              top         Display the running processes of a container
              unpause     Unpause all processes within one or more containers
              wait        Block until one or more containers stop, then print their exit codes

            Global Options:
                  --config string      Location of client config files (default
                                       "/root/.docker")
              -D, --debug              Enable debug mode
              -H, --host list          Daemon socket to connect to
              -l, --log-level string   Set the logging level ("debug", "info",
                                       "warn", "error", "fatal") (default "info")
              -v, --version            Print version information and quit

            Run 'wharf COMMAND --help' for more information on a command.

            """, r.Out);
    }

    [Fact]
    public void Bare_wharf_prints_help_to_stderr_and_succeeds()
    {
        CliRun.Result r = CliRun.InProcess([]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.StartsWith("Usage:  wharf [OPTIONS] COMMAND\n", r.Error);
    }

    [Fact]
    public void Command_help_matches_dockers_layout()
    {
        CliRun.Result r = CliRun.InProcess(["info", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""
            Usage:  wharf info [OPTIONS]

            Display system-wide information

            Aliases:
              wharf system info, wharf info

            Options:
              -f, --format string   Format output using a custom template:
                                    'json':             Print in JSON format
                                    'TEMPLATE':         Print output using the given
                                    Go template.
                                    Refer to https://docs.docker.com/go/formatting/
                                    for more information about formatting output with
                                    templates

            """, r.Out);
    }

    [Fact]
    public void Help_is_wrapped_at_the_terminal_width()
    {
        CliRun.Result r = CliRun.InProcess(["version", "--help"], width: 200);
        Assert.Contains("  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n", r.Out);
        Assert.Contains("'TEMPLATE':         Print output using the given Go template.\n", r.Out);
    }

    [Fact]
    public void Group_help_lists_its_commands()
    {
        CliRun.Result r = CliRun.InProcess(["system", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""
            Usage:  wharf system COMMAND

            Manage Wharf

            Commands:
              events      Get real time events from the server
              info        Display system-wide information
              prune       Remove unused data

            Run 'wharf system COMMAND --help' for more information on a command.

            """, r.Out);
    }

    [Theory]
    // docker run --foo / docker version --foo: the flag error, the use line, exit 125.
    [InlineData(new[] { "version", "--foo" }, 125, "unknown flag: --foo\n\nUsage:  wharf version [OPTIONS]\n\nRun 'wharf version --help' for more information\n")]
    [InlineData(new[] { "version", "-x" }, 125, "unknown shorthand flag: 'x' in -x\n\nUsage:  wharf version [OPTIONS]\n\nRun 'wharf version --help' for more information\n")]
    [InlineData(new[] { "version", "--format" }, 125, "flag needs an argument: --format\n\nUsage:  wharf version [OPTIONS]\n\nRun 'wharf version --help' for more information\n")]
    [InlineData(new[] { "--foo" }, 125, "unknown flag: --foo\n\nUsage:  wharf [OPTIONS] COMMAND [ARG...]\n\nRun 'wharf --help' for more information\n")]
    // docker version extra: accepts no arguments, exit 1.
    [InlineData(new[] { "version", "extra" }, 1, "wharf: 'wharf version' accepts no arguments\n\nUsage:  wharf version [OPTIONS]\n\nRun 'wharf version --help' for more information\n")]
    [InlineData(new[] { "foo" }, 1, "wharf: unknown command: wharf foo\n\nRun 'wharf --help' for more information\n")]
    [InlineData(new[] { "system", "foo" }, 1, "wharf: unknown command: wharf system foo\n\nUsage:  wharf system\n\nRun 'wharf system --help' for more information\n")]
    [InlineData(new[] { "help", "foo" }, 1, "unknown help topic: foo\n")]
    [InlineData(new[] { "help", "system", "info", "extra" }, 1, "unknown help topic: extra\n")]
    public void Usage_errors_print_dockers_text_and_exit_code(string[] args, int code, string stderr)
    {
        CliRun.Result r = CliRun.InProcess(args);
        Assert.Equal(code, r.ExitCode);
        Assert.Equal(stderr, r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Short_help_flag_works_with_dockers_deprecation_note()
    {
        // docker prints a command's deprecation notes on stdout, the root's on stderr.
        CliRun.Result r = CliRun.InProcess(["version", "-h"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Error);
        Assert.StartsWith("Flag shorthand -h has been deprecated, use --help\nUsage:  wharf version [OPTIONS]\n", r.Out);
        CliRun.Result root = CliRun.InProcess(["-h"]);
        Assert.Equal("Flag shorthand -h has been deprecated, use --help\n", root.Error);
    }

    [Fact]
    public void Stop_and_restart_take_the_deprecated_time_flag_like_docker()
    {
        string socket = "unix:///nonexistent/wharf.sock";
        CliRun.Result stop = CliRun.InProcess(["-H", socket, "stop", "--time", "1", "c1"]);
        Assert.Equal((1, "Flag --time has been deprecated, use --timeout instead\n"), (stop.ExitCode, stop.Out));
        Assert.StartsWith("Cannot connect to the Wharf daemon", stop.Error);

        CliRun.Result both = CliRun.InProcess(["-H", socket, "restart", "--time", "1", "-t", "2", "c1"]);
        Assert.Equal(new CliRun.Result(1, "Flag --time has been deprecated, use --timeout instead\n", "conflicting options: cannot specify both --timeout and --time\n"), both);

        Assert.DoesNotContain("--time ", CliRun.InProcess(["stop", "--help"]).Out);
    }

    [Fact]
    public void Cp_help_has_dockers_flag_texts()
    {
        CliRun.Result r = CliRun.InProcess(["cp", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\n  -L, --follow-link   Always follow symbol link in SRC_PATH\n", r.Out);
    }

    [Fact]
    public void Help_command_shows_a_commands_help()
    {
        CliRun.Result r = CliRun.InProcess(["help", "system", "info"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Usage:  wharf system info [OPTIONS]\n", r.Out);
    }

    [Fact]
    public void Bare_group_prints_its_help_to_stderr()
    {
        CliRun.Result r = CliRun.InProcess(["system"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Usage:  wharf system COMMAND\n", r.Error);
    }

    [Fact]
    public void Version_flag_prints_the_client_version()
    {
        CliRun.Result r = CliRun.InProcess(["-v"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^Wharf version \d+\.\d+\.\d+, build \w+\n$", r.Out);
    }

    [Fact]
    public void Bad_version_template_exits_64_like_docker()
    {
        CliRun.Result r = CliRun.InProcess(["-H", "unix:///nonexistent/wharf.sock", "version", "-f", "{{.Client.Version"]);
        Assert.Equal(64, r.ExitCode);
        Assert.Equal("template parsing error: template: version:1: unclosed action\n", r.Error);
    }

    [Fact]
    public void The_built_binary_behaves_the_same()
    {
        CliRun.Result help = CliRun.Process(["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage:  wharf [OPTIONS] COMMAND\n\nA container engine", help.Out);

        CliRun.Result flag = CliRun.Process(["info", "--nope"]);
        Assert.Equal(125, flag.ExitCode);
        Assert.Equal("unknown flag: --nope\n\nUsage:  wharf info [OPTIONS]\n\nRun 'wharf info --help' for more information\n", flag.Error);

        CliRun.Result args = CliRun.Process(["info", "x"]);
        Assert.Equal(1, args.ExitCode);
        Assert.StartsWith("wharf: 'wharf info' accepts no arguments\n", args.Error);
    }

    [Fact]
    public void On_a_terminal_the_binary_writes_no_console_mode_sequences()
    {
        // script(1) runs it on a fresh pty; System.Console would emit ESC[?1h ESC= (keypad mode) there.
        if (!File.Exists("/usr/bin/script")) return;
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/script", ["-q", "-e", "-c", $"'{CliRun.Binary}' -v", "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment = { ["TERM"] = "xterm" },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("Wharf version ", output);
        Assert.DoesNotContain("\u001b", output);
    }
}
