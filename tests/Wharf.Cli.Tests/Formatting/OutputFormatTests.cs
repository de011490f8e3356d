using System.Text.Json;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>--format as docker's formatter.Context handles it; cases ported from docker/cli's container_test.go.</summary>
public sealed class OutputFormatTests
{
    private const string DefaultPs = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}";

    private static readonly Dictionary<string, string> PsHeaders = new()
    {
        ["ID"] = "CONTAINER ID", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["RunningFor"] = "CREATED",
        ["Status"] = "STATUS", ["Ports"] = "PORTS", ["Names"] = "NAMES", ["Size"] = "SIZE", ["State"] = "STATE",
    };

    private static TemplateRecord Row(string id, string name) => new TemplateRecord("*formatter.ContainerContext")
        .Field("ID", () => id)
        .Field("Image", () => "ubuntu")
        .Field("Command", () => "\"\"")
        .Field("RunningFor", () => "24 hours ago")
        .Field("Status", () => "")
        .Field("Ports", () => "")
        .Field("Names", () => name)
        .Field("Size", () => "0B")
        .Field("State", () => "running");

    private static readonly object[] Rows = [Row("containerID1", "foobar_baz"), Row("containerID2", "foobar_bar")];

    private static string Write(string? format, string defaultTable = DefaultPs)
    {
        var output = new StringWriter();
        OutputFormat.Parse(format, defaultTable).Write(output, Rows, PsHeaders);
        return output.ToString();
    }

    [Fact]
    public void Default_table_matches_docker_ps() => Assert.Equal("""
        CONTAINER ID   IMAGE     COMMAND   CREATED        STATUS    PORTS     NAMES
        containerID1   ubuntu    ""        24 hours ago                       foobar_baz
        containerID2   ubuntu    ""        24 hours ago                       foobar_bar

        """, Write("table"));

    [Fact]
    public void Default_table_with_size_matches_docker_ps_s() => Assert.Equal("""
        CONTAINER ID   IMAGE     COMMAND   CREATED        STATUS    PORTS     NAMES        SIZE
        containerID1   ubuntu    ""        24 hours ago                       foobar_baz   0B
        containerID2   ubuntu    ""        24 hours ago                       foobar_bar   0B

        """, Write("", DefaultPs + "\\t{{.Size}}"));

    [Theory]
    [InlineData("table {{.Image}}", "IMAGE\nubuntu\nubuntu\n")]
    [InlineData("table {{.State}}", "STATE\nrunning\nrunning\n")]
    [InlineData("{{.Image}}", "ubuntu\nubuntu\n")]
    [InlineData("{{.Names}}\\t{{.Status}}", "foobar_baz\t\nfoobar_bar\t\n")]
    [InlineData("table {{.Names}}\\t{{.Image}}", "NAMES        IMAGE\nfoobar_baz   ubuntu\nfoobar_bar   ubuntu\n")]
    [InlineData("table {{.ID | upper}}", "CONTAINER ID\nCONTAINERID1\nCONTAINERID2\n")]
    [InlineData("table {{json .Names}}", "NAMES\n\"foobar_baz\"\n\"foobar_bar\"\n")]
    [InlineData("table {{.CreatedAt}}", "CREATED AT\n")]
    public void Custom_formats(string format, string expected)
    {
        if (format.Contains("CreatedAt", StringComparison.Ordinal))
        {
            // A field the rows lack fails like docker's.
            Assert.StartsWith("template parsing error: template: :1:2: executing \"\" at <.CreatedAt>: can't evaluate field CreatedAt",
                Assert.Throws<CliError>(() => Write(format)).Message);
            return;
        }
        Assert.Equal(expected, Write(format));
    }

    [Fact]
    public void Json_writes_one_object_per_line_with_sorted_keys()
    {
        string output = Write("json");
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"Command":"\"\"","ID":"containerID1","Image":"ubuntu","Names":"foobar_baz","Ports":"","RunningFor":"24 hours ago","Size":"0B","State":"running","Status":""}""", lines[0]);
        foreach (string line in lines) JsonDocument.Parse(line).Dispose();
    }

    [Theory]
    [InlineData("{{InvalidFunction}}", "template parsing error: template: :1: function \"InvalidFunction\" not defined")]
    [InlineData("{{nil}}", "template parsing error: template: :1:2: executing \"\" at <nil>: nil is not a command")]
    public void Errors_read_like_dockers(string format, string message) =>
        Assert.Equal(message, Assert.Throws<CliError>(() => Write(format)).Message);

    [Fact]
    public void Json_data_works_as_rows()
    {
        using var doc = JsonDocument.Parse("""[{"Name":"vol1","Driver":"local"},{"Name":"a-much-longer-volume-name","Driver":"local"}]""");
        var output = new StringWriter();
        OutputFormat.Parse(null, "table {{.Driver}}\\t{{.Name}}")
            .Write(output, doc.RootElement.EnumerateArray().Select(e => (object?)e), new Dictionary<string, string> { ["Driver"] = "DRIVER", ["Name"] = "VOLUME NAME" });
        Assert.Equal("DRIVER    VOLUME NAME\nlocal     vol1\nlocal     a-much-longer-volume-name\n", output.ToString());
    }
}
