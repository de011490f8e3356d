using System.Text;
using System.Text.Json;
using Wharf.Cli.Progress;

namespace Wharf.Cli.Tests.Progress;

/// <summary>Cases from moby's pkg/jsonmessage/jsonmessage_test.go, plus a pull transcript.</summary>
public sealed class JsonMessageRendererTests
{
    private static async Task<string> Render(string stream, bool terminal, int width = 200)
    {
        var output = new StringWriter();
        var renderer = new JsonMessageRenderer(output, terminal, () => width);
        await renderer.RenderAsync(new MemoryStream(Encoding.UTF8.GetBytes(stream)), CancellationToken.None);
        return output.ToString();
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("""{ "status": "status" }""", "status\n", "status\n")]
    [InlineData("""{ "id": "ID","status": "status" }""", "ID: status\n", "ID: status\n")]
    [InlineData("""{ "id": "ID", "status": "status", "progress": "ProgressMessage" }""", "ID: status ProgressMessage", "\n\u001b[1AID: status ProgressMessage\u001b[1B")]
    [InlineData("""{ "id": "ID", "status": "status", "progressDetail": { "Current": 1} }""", "", "\n\u001b[1A\u001b[2K\rID: status       1B\r\u001b[1B")]
    [InlineData("{}", "\n", "\n")]
    [InlineData("""{"status":"status","stream":"stream"}""", "stream", "stream")]
    public async Task Displays_like_moby(string stream, string plain, string terminal)
    {
        Assert.Equal(plain, await Render(stream, terminal: false));
        Assert.Equal(terminal, await Render(stream, terminal: true));
    }

    [Fact]
    public async Task Invalid_json_is_an_error()
    {
        CliError e = await Assert.ThrowsAsync<CliError>(() => Render("This is not a 'valid' JSON []", false));
        Assert.StartsWith("invalid character", e.Message);
    }

    [Fact]
    public async Task An_error_detail_ends_the_stream_with_its_message_and_code()
    {
        JsonMessageError e = await Assert.ThrowsAsync<JsonMessageError>(() => Render(
            """{"status":"Pulling"}{"errorDetail":{"code":404,"message":"Can't find it"},"error":"Can't find it"}{"status":"never shown"}""", false));
        Assert.Equal("Can't find it", e.Message);
        Assert.Equal(404, e.Code);
    }

    [Fact]
    public async Task A_bare_error_string_is_not_an_error_as_in_docker()
    {
        Assert.Equal("\n", await Render("""{"error":"boom"}""", false));
    }

    [Fact]
    public async Task Aux_goes_to_the_callback_not_the_screen()
    {
        var output = new StringWriter();
        var seen = new List<string>();
        var renderer = new JsonMessageRenderer(output, false) { OnAux = aux => seen.Add(aux.GetProperty("ID").GetString()!) };
        await renderer.RenderAsync(new MemoryStream("""{"stream":"Step 1/1\n"}{"aux":{"ID":"sha256:abc"}}"""u8.ToArray()), CancellationToken.None);
        Assert.Equal("Step 1/1\n", output.ToString());
        Assert.Equal(["sha256:abc"], seen);
    }

    private const string Pull = """
        {"status":"Pulling from library/alpine","id":"latest"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"aaa"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"bbb"}
        {"status":"Downloading","progressDetail":{"current":50,"total":100},"progress":"[=>  ]","id":"aaa"}
        {"status":"Download complete","progressDetail":{},"id":"aaa"}
        {"status":"Digest: sha256:1234"}
        {"status":"Status: Downloaded newer image for alpine:latest"}
        """;

    [Fact]
    public async Task Without_a_terminal_progress_updates_are_skipped() => Assert.Equal("""
        latest: Pulling from library/alpine
        aaa: Pulling fs layer
        bbb: Pulling fs layer
        aaa: Download complete
        Digest: sha256:1234
        Status: Downloaded newer image for alpine:latest

        """, await Render(Pull, false));

    [Fact]
    public async Task On_a_terminal_each_layer_keeps_its_line()
    {
        const string esc = "\u001b";
        string expected =
            "latest: Pulling from library/alpine\n" +
            $"\n{esc}[1A{esc}[2K\raaa: Pulling fs layer \r{esc}[1B" +
            $"\n{esc}[1A{esc}[2K\rbbb: Pulling fs layer \r{esc}[1B" +
            $"{esc}[2A{esc}[2K\raaa: Downloading [=========================>                         ]      50B/100B\r{esc}[2B" +
            $"{esc}[2A{esc}[2K\raaa: Download complete \r{esc}[2B" +
            "Digest: sha256:1234\n" +
            "Status: Downloaded newer image for alpine:latest\n";
        Assert.Equal(expected, await Render(Pull, true));
    }

    [Theory]
    [InlineData(0, 0, 0, false, "", "", "")]
    [InlineData(1, 0, 0, false, "", "      1B", "      1B")]
    [InlineData(20, 100, 1, false, "", "     20B/100B 4s", "[==========>                                        ]      20B/100B 4s")]
    [InlineData(50, 100, 0, false, "", "     50B/100B", "[=========================>                         ]      50B/100B")]
    [InlineData(50, 40, 0, false, "", "     50B", "[==================================================>]      50B")]
    [InlineData(50, 100, 0, false, "units", "50/100 units", "[=========================>                         ] 50/100 units")]
    [InlineData(50, 40, 0, false, "units", "50 units", "[==================================================>] 50 units")]
    [InlineData(50, 100, 0, true, "", "", "[=========================>                         ] ")]
    public void Progress_bars_match_moby(long current, long total, int startedSecondsAgo, bool hideCounts, string units, string narrow, string wide)
    {
        var start = new DateTimeOffset(2017, 12, 3, 15, 10, 1, TimeSpan.Zero);
        var progress = new ProgressDetail
        {
            Current = current,
            Total = total,
            Start = startedSecondsAgo > 0 ? start.ToUnixTimeSeconds() : 0,
            HideCounts = hideCounts,
            Units = units,
        };
        DateTimeOffset now = start.AddSeconds(startedSecondsAgo);
        Assert.Equal(narrow, progress.Render(100, now));
        Assert.Equal(wide, progress.Render(200, now));
    }

    [Fact]
    public void Parses_case_insensitively_like_go()
    {
        using var doc = JsonDocument.Parse("""{"ID":"x","Status":"s","ProgressDetail":{"Current":3,"Total":9}}""");
        JsonMessage m = JsonMessage.Parse(doc.RootElement);
        Assert.Equal(("x", "s", 3L, 9L), (m.Id, m.Status, m.Progress!.Current, m.Progress.Total));
    }
}
