using Wharf.Cli.Tests.Connection;

namespace Wharf.Cli.Tests.Commands;

/// <summary>`events --format` over a daemon's event stream, checked like docker checks it on events.Message.</summary>
public sealed class EventsFormatTests
{
    private const string Die = """
        {"status":"die","id":"abc123","from":"busybox","Type":"container","Action":"die","Actor":{"ID":"abc123","Attributes":{"exitCode":"3","image":"busybox","name":"web"}},"scope":"local","time":1700000000,"timeNano":1700000000000000001}
        """;

    private static FakeDaemon Daemon() =>
        FakeDaemon.Answering(r => r.Target == "/_ping" ? FakeDaemon.Ping("1.50")
            : r.Target.StartsWith("/v1.50/events", StringComparison.Ordinal) ? FakeDaemon.Response.Json(Die + "\n")
            : FakeDaemon.Response.Error(404, "page not found"));

    [Fact]
    public void The_deprecated_status_id_and_from_fields_are_fields_of_an_event()
    {
        using FakeDaemon daemon = Daemon();
        CliRun.Result result = CliRun.InProcess(["-H", daemon.Address, "events", "--until", "1s", "--format", "{{.Status}} {{.ID}} {{.From}} {{.Actor.Attributes.name}} {{.Action}}"]);
        Assert.Equal(new CliRun.Result(0, "die abc123 busybox web die\n", ""), result);
    }

    [Fact]
    public void An_unknown_field_is_refused_before_any_event_is_read()
    {
        using FakeDaemon daemon = Daemon();
        CliRun.Result result = CliRun.InProcess(["-H", daemon.Address, "events", "--until", "1s", "--format", "{{.Nope}}"]);
        Assert.Equal(64, result.ExitCode);
        Assert.Equal("Error parsing format: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *events.Message\n", result.Error);
    }
}
