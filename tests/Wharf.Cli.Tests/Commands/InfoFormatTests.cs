namespace Wharf.Cli.Tests.Commands;

/// <summary>`info --format` as docker runs it: on dockerInfo's struct, also when the daemon is down.</summary>
public sealed class InfoFormatTests
{
    [Fact]
    public void Without_a_daemon_the_template_runs_on_the_client_half_before_the_error()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"wharf-no-daemon-{Guid.NewGuid():N}.sock");
        CliRun.Result result = CliRun.InProcess(["-H", "unix://" + socket, "info", "--format", "[{{.ID}}] {{.Containers}} {{.ClientInfo.Debug}}"]);
        Assert.Equal(new CliRun.Result(1, "[] 0 false\n", $"Cannot connect to the Wharf daemon at unix://{socket}. Is the wharf daemon running?\n"), result);
    }

    [Fact]
    public void An_unknown_field_is_reported_after_the_connection_error_naming_dockers_type()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"wharf-no-daemon-{Guid.NewGuid():N}.sock");
        CliRun.Result result = CliRun.InProcess(["-H", "unix://" + socket, "info", "--format", "{{.ClientInfo.Nope}}"]);
        Assert.Equal(new CliRun.Result(1, "\n", $"Cannot connect to the Wharf daemon at unix://{socket}. Is the wharf daemon running?\n"
            + "template: :1:13: executing \"\" at <.ClientInfo.Nope>: can't evaluate field Nope in type *system.clientInfo\n"), result);
    }
}
