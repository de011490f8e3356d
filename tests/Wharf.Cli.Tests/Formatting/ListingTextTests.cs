using System.Text;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Commands;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>The smaller texts of the listing commands: inspect's JSON layout, filters, times, names, events, prompts.</summary>
public sealed class ListingTextTests
{
    static ListingTextTests() => GoTime.Zone = TimeZoneInfo.Utc;

    [Fact]
    public void Inspect_json_is_indented_like_go_and_keeps_the_daemons_escapes()
    {
        string raw = """[{"Id":"abc","Config":{"Env":["A=\u003cb\u003e"],"Labels":{},"Cmd":[]},"N":1.50,"T":true}]""";
        Assert.Equal("""
            [
                {
                    "Id": "abc",
                    "Config": {
                        "Env": [
                            "A=\u003cb\u003e"
                        ],
                        "Labels": {},
                        "Cmd": []
                    },
                    "N": 1.50,
                    "T": true
                }
            ]
            """.Replace("\r", ""), JsonIndent.Indent(Encoding.UTF8.GetBytes(raw)));
        Assert.Equal("""[{"a":"x y","b":[1,2]}]""", JsonIndent.Compact(Encoding.UTF8.GetBytes("[ {\"a\" : \"x y\",\n \"b\": [1, 2]} ]")));
    }

    [Fact]
    public void Filters_become_docker_json_sorted()
    {
        Filters filters = Filters.From(["status=exited", "Label = b=2 ", "label=a", "status=created"]);
        Assert.Equal("""{"label":{"a":true,"b=2":true},"status":{"created":true,"exited":true}}""", filters.ToJson());
        Assert.Equal("", new Filters().ToJson());
    }

    [Fact]
    public void A_filter_without_equals_is_refused_by_the_flag()
    {
        var flags = new FlagSet();
        Filters.Flag(flags);
        var e = Assert.Throws<FlagException>(() => flags.Parse(["--filter", "dangling"], TextWriter.Null));
        Assert.Equal("invalid argument \"dangling\" for \"-f, --filter\" flag: bad format of filter (expected name=value)", e.Message);
    }

    [Theory]
    [InlineData("10m", "1699999400")]
    [InlineData("1699990000", "1699990000")]
    [InlineData("1699990000.5", "1699990000.5")]
    [InlineData("2023-11-14T20:00:00Z", "1699992000.000000000")]
    [InlineData("2023-11-14T21:00:00+01:00", "1699992000.000000000")]
    [InlineData("2023-11-14T20:00:00.25Z", "1699992000.250000000")]
    public void Since_and_until_become_unix_timestamps(string value, string expected) =>
        Assert.Equal(expected, Timestamps.ForDaemon(value, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));

    [Fact]
    public void A_bad_time_is_refused() =>
        Assert.Throws<FormatException>(() => Timestamps.ForDaemon("yesterday", DateTimeOffset.UtcNow));

    [Theory]
    [InlineData("busybox", "busybox", null, "docker.io/library/busybox")]
    [InlineData("docker.io/library/busybox:1.36", "busybox", "1.36", "docker.io/library/busybox")]
    [InlineData("me/app:v2", "me/app", "v2", "docker.io/me/app")]
    [InlineData("localhost:5000/app:v2", "localhost:5000/app", "v2", "localhost:5000/app")]
    public void Familiar_names(string text, string repository, string? tag, string full)
    {
        Assert.True(FamiliarName.TryParse(text, out FamiliarName name));
        Assert.Equal((repository, tag, full), (name.Repository, name.Tag, name.FullName));
    }

    [Theory]
    [InlineData("upper/CASE")]
    [InlineData("bad:tag:")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Invalid_references(string text) => Assert.False(FamiliarName.TryParse(text, out _));

    [Theory]
    [InlineData("busybox", "busybox:latest")]
    [InlineData("docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("index.docker.io/me/app", "me/app:latest")]
    [InlineData("localhost:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "localhost:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Run_names_a_missing_image_as_docker_does(string text, string shown)
    {
        Assert.True(FamiliarName.TryParseNamed(text, out FamiliarName name));
        Assert.Equal(shown, name.TagNameOnly().ToString());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void An_image_id_is_not_a_name(string text) => Assert.False(FamiliarName.TryParseNamed(text, out _));

    [Fact]
    public void Events_print_like_docker_events()
    {
        using var e = System.Text.Json.JsonDocument.Parse("""
            {"Type":"container","Action":"start","Actor":{"ID":"abc123","Attributes":{"name":"web","image":"busybox"}},"scope":"local","time":1,"timeNano":1000000001}
            """);
        Assert.Equal("1970-01-01T00:00:01.000000001Z container start abc123 (image=busybox, name=web)\n", EventsCommand.Pretty(e.RootElement));
    }

    [Fact]
    public void Stats_redraw_homes_the_cursor_and_erases_what_is_left()
    {
        Assert.Equal("\u001b[Ha \u001b[K\nb \u001b[K\n \u001b[K\n\u001b[J", StatsCommand.Redraw("a\nb\n"));
    }

    [Fact]
    public void System_prune_warning_lists_what_goes()
    {
        Assert.Equal("""
            WARNING! This will remove:
              - all stopped containers
              - all networks not used by at least one container
              - all dangling images
              - unused build cache

            Are you sure you want to continue?
            """.Replace("\r", ""), PruneCommands.SystemWarning(all: false, volumes: false, new Filters()));
        Assert.Equal("""
            WARNING! This will remove:
              - all stopped containers
              - all networks not used by at least one container
              - all anonymous volumes not used by at least one container
              - all images without at least one container associated to them
              - all build cache

              Items to be pruned will be filtered with:
              - label=a
              - until=24h

            Are you sure you want to continue?
            """.Replace("\r", ""), PruneCommands.SystemWarning(all: true, volumes: true, Filters.From(["until=24h", "label=a"])));
    }

    [Fact]
    public void Go_time_strings()
    {
        Assert.Equal("2023-11-14 22:13:20 +0000 UTC", GoTime.String(1_700_000_000));
        Assert.Equal("2023-11-14T22:13:20Z", GoTime.Rfc3339(1_700_000_000));
        Assert.Equal(["C", "A", "D"], new[] { 0, 1, 2 }.Select(DiffCommand.Kind));
    }
}
