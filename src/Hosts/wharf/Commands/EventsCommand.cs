using System.Text;
using System.Text.Json;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Commands;

/// <summary>`wharf events` and `wharf system events`: the daemon's event stream, one line per event.</summary>
internal static class EventsCommand
{
    public static CommandSpec Create() => new("events [OPTIONS]", "Get real time events from the server")
    {
        Args = ArgsRule.None,
        AliasesLine = $"{CommandTree.BinaryName} system events, {CommandTree.BinaryName} events",
        Setup = flags =>
        {
            StringFlag since = flags.String("since", null, "Show all events created since timestamp");
            StringFlag until = flags.String("until", null, "Stream events until this timestamp");
            ListFlag filter = Filters.Flag(flags);
            StringFlag format = flags.String("format", null, FormatHelp.Inspect);
            return async (cli, _, ct) =>
            {
                GoTemplate? template = Template(format.Value);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                var query = new Query()
                    .AddIfNotEmpty("since", LogsCommand.TimeArgument("since", since.Value, now, wrap: false))
                    .AddIfNotEmpty("until", LogsCommand.TimeArgument("until", until.Value, now, wrap: false))
                    .AddIfNotEmpty("filters", Filters.From(filter.Value).ToJson());
                using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Get, "/events", query, stream: true, cancellationToken: ct).ConfigureAwait(false);
                await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await foreach (JsonDocument message in JsonValueStream.ReadAsync(body, "events", ct).ConfigureAwait(false))
                {
                    using (message)
                    {
                        if (template is null) cli.Out.Write(Pretty(message.RootElement));
                        else Render(cli.Out, template, message.RootElement);
                    }
                    cli.Out.Flush();
                }
                return 0;
            };
        },
    };

    /// <summary>docker validates the template on an empty event first: an unknown field fails at once (exit 64).</summary>
    private static GoTemplate? Template(string format)
    {
        if (format.Length == 0) return null;
        try
        {
            var template = GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
            using JsonDocument empty = JsonDocument.Parse("""{"Type":"","Action":"","Actor":{"ID":"","Attributes":{}}}""");
            template.Execute(TextWriter.Null, empty.RootElement, DockerStructs.EventMessage);
            return template;
        }
        catch (TemplateException e)
        {
            throw new CliError($"Error parsing format: {e.Message}", 64);
        }
    }

    private static void Render(TextWriter output, GoTemplate template, JsonElement message)
    {
        try
        {
            template.Execute(output, message, DockerStructs.EventMessage);
        }
        finally
        {
            output.Write('\n');
        }
    }

    /// <summary>"2024-05-01T10:00:00.000000000Z container start ID (image=busybox, name=web)".</summary>
    internal static string Pretty(JsonElement e)
    {
        var sb = new StringBuilder();
        long nanos = Number(e, "timeNano"), seconds = Number(e, "time");
        if (nanos != 0) sb.Append(GoTime.Rfc3339NanoFixed(nanos)).Append(' ');
        else if (seconds != 0) sb.Append(GoTime.Rfc3339NanoFixed(seconds * 1_000_000_000L)).Append(' ');
        JsonElement actor = e.TryGetProperty("Actor", out JsonElement a) ? a : default;
        sb.Append(Text(e, "Type")).Append(' ').Append(Text(e, "Action")).Append(' ').Append(actor.ValueKind == JsonValueKind.Object ? Text(actor, "ID") : "");
        if (actor.ValueKind == JsonValueKind.Object && actor.TryGetProperty("Attributes", out JsonElement attributes)
            && attributes.ValueKind == JsonValueKind.Object && attributes.EnumerateObject().Any())
        {
            IEnumerable<string> pairs = attributes.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
            sb.Append(" (").Append(string.Join(", ", pairs)).Append(')');
        }
        return sb.Append('\n').ToString();
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static long Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.TryGetInt64(out long n) ? n : 0;
}
