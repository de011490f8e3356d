using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Commands;

/// <summary>
/// `wharf version`: the client block and the daemon's (GET /version), rendered by docker's own
/// version template over JSON, so `--format '{{.Server.Version}}'` works as it does for docker.
/// </summary>
internal static class VersionCommand
{
    // docker/cli's defaultVersionTemplate; the client block names .NET instead of Go and has no context.
    private const string DefaultTemplate = """
        {{with .Client -}}
        Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
         Version:	{{.Version}}
         API version:	{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
         Runtime:	{{.RuntimeVersion}}
         Git commit:	{{.GitCommit}}
         Built:	{{.BuildTime}}
         OS/Arch:	{{.Os}}/{{.Arch}}
        {{- end}}

        {{- if ne .Server nil}}{{with .Server}}

        Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
         {{- range $component := .Components}}
         {{$component.Name}}:
          {{- if eq $component.Name "Engine" }}
          Version:	{{.Version}}
          API version:	{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
          Go version:	{{index .Details "GoVersion"}}
          Git commit:	{{index .Details "GitCommit"}}
          Built:	{{index .Details "BuildTime"}}
          OS/Arch:	{{index .Details "Os"}}/{{index .Details "Arch"}}
          Experimental:	{{index .Details "Experimental"}}
          {{- else }}
          Version:	{{$component.Version}}
          {{- $detailsOrder := getDetailsOrder $component}}
          {{- range $key := $detailsOrder}}
          {{$key}}:	{{index $component.Details $key}}
           {{- end}}
          {{- end}}
         {{- end}}
         {{- end}}{{- end}}
        """;

    public static CommandSpec Create() => new("version [OPTIONS]", "Show the Wharf version information")
    {
        Sequential = true,
        Args = ArgsRule.None,
        CommonOrder = 10,
        Setup = flags =>
        {
            StringFlag format = flags.String("format", 'f', FormatHelp.Inspect);
            return (cli, _, ct) => RunAsync(cli, format.Value, ct);
        },
    };

    private static async Task<int> RunAsync(Invocation cli, string format, CancellationToken cancellationToken)
    {
        GoTemplate template;
        try
        {
            TemplateFunctions functions = TemplateFunctions.Docker().Add("getDetailsOrder", 1, 1, DetailsOrder);
            template = GoTemplate.Parse(format switch { "" => DefaultTemplate, "json" => "{{json .}}", _ => format }, "version", functions);
        }
        catch (TemplateException e)
        {
            throw new CliError($"template parsing error: {e.Message}", 64);
        }

        JsonDocument? server = null;
        Exception? failure = null;
        string apiVersion = ApiVersion.Current.ToString();
        try
        {
            server = await cli.Daemon.GetJsonAsync("/version", cancellationToken: cancellationToken).ConfigureAwait(false);
            apiVersion = (await cli.Daemon.VersionAsync(cancellationToken).ConfigureAwait(false)).ToString();
        }
        catch (Exception e) when (e is CliError or DaemonError)
        {
            failure = e;
        }

        using (server)
        using (JsonDocument data = VersionData.Build(apiVersion, server?.RootElement))
        {
            var table = new TabWriter(cli.Out, 20, 1, 1);
            var rendered = new StringWriter();
            Exception? templateFailure = null;
            try
            {
                template.Execute(rendered, data.RootElement, DockerStructs.Version);
            }
            catch (TemplateException e)
            {
                templateFailure = new CliError(e.Message);
            }
            table.Write(rendered.ToString());
            table.Write("\n");
            table.Flush();
            if (failure is not null || templateFailure is not null) throw failure ?? templateFailure!;
        }
        return 0;
    }

    /// <summary>docker's getDetailsOrder: a component's detail keys, sorted.</summary>
    private static object? DetailsOrder(IReadOnlyList<object?> args)
    {
        if (!GoValue.TryLookup(args[0], "Details", out object? details)) return new List<object?>();
        return details is JsonElement { ValueKind: JsonValueKind.Object } obj
            ? GoValue.SortedProperties(obj).Select(p => (object?)p.Name).ToList()
            : new List<object?>();
    }

    /// <summary>The data the template runs on: {"Client":{...},"Server":{...}|null}, in docker's field order.</summary>
    private static class VersionData
    {
        public static JsonDocument Build(string apiVersion, JsonElement? server)
        {
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartObject("Client");
                json.WriteString("Version", BuildInfo.Version);
                json.WriteString("ApiVersion", apiVersion);
                json.WriteString("DefaultAPIVersion", ApiVersion.Current.ToString());
                json.WriteString("GitCommit", BuildInfo.GitCommit);
                json.WriteString("RuntimeVersion", RuntimeInformation.FrameworkDescription);
                json.WriteString("Os", "linux");
                json.WriteString("Arch", GoArch());
                json.WriteString("BuildTime", ReformatDate(BuildInfo.BuildTime));
                json.WriteEndObject();
                json.WritePropertyName("Server");
                if (server is JsonElement s && s.ValueKind == JsonValueKind.Object) WriteServer(json, s);
                else json.WriteNullValue();
                json.WriteEndObject();
            }
            return JsonDocument.Parse(buffer.ToArray());
        }

        /// <summary>The daemon's answer with the Engine component's BuildTime reformatted, and an Engine component made up from the top-level fields when the daemon lists none.</summary>
        private static void WriteServer(Utf8JsonWriter json, JsonElement server)
        {
            json.WriteStartObject();
            bool hasEngine = false;
            foreach (JsonProperty property in server.EnumerateObject())
            {
                if (property.NameEquals("Components") && property.Value.ValueKind == JsonValueKind.Array)
                {
                    json.WriteStartArray("Components");
                    foreach (JsonElement component in property.Value.EnumerateArray())
                    {
                        bool isEngine = component.ValueKind == JsonValueKind.Object && component.TryGetProperty("Name", out JsonElement n) && n.ValueEquals("Engine");
                        hasEngine |= isEngine;
                        if (isEngine) WriteEngine(json, component);
                        else component.WriteTo(json);
                    }
                    if (!hasEngine) WriteSynthesizedEngine(json, server);
                    json.WriteEndArray();
                    continue;
                }
                property.WriteTo(json);
            }
            if (!server.TryGetProperty("Components", out JsonElement c) || c.ValueKind != JsonValueKind.Array)
            {
                json.WriteStartArray("Components");
                WriteSynthesizedEngine(json, server);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }

        private static void WriteEngine(Utf8JsonWriter json, JsonElement component)
        {
            json.WriteStartObject();
            foreach (JsonProperty property in component.EnumerateObject())
            {
                if (!property.NameEquals("Details") || property.Value.ValueKind != JsonValueKind.Object)
                {
                    property.WriteTo(json);
                    continue;
                }
                json.WriteStartObject("Details");
                foreach (JsonProperty detail in property.Value.EnumerateObject())
                {
                    if (detail.NameEquals("BuildTime") && detail.Value.ValueKind == JsonValueKind.String)
                        json.WriteString("BuildTime", ReformatDate(detail.Value.GetString()!));
                    else detail.WriteTo(json);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }

        private static void WriteSynthesizedEngine(Utf8JsonWriter json, JsonElement server)
        {
            string Text(string name) => server.TryGetProperty(name, out JsonElement v) ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "",
            } : "";
            json.WriteStartObject();
            json.WriteString("Name", "Engine");
            json.WriteString("Version", Text("Version"));
            json.WriteStartObject("Details");
            json.WriteString("ApiVersion", Text("ApiVersion"));
            json.WriteString("MinAPIVersion", Text("MinAPIVersion"));
            json.WriteString("GitCommit", Text("GitCommit"));
            json.WriteString("GoVersion", Text("GoVersion"));
            json.WriteString("Os", Text("Os"));
            json.WriteString("Arch", Text("Arch"));
            json.WriteString("BuildTime", ReformatDate(Text("BuildTime")));
            json.WriteString("Experimental", Text("Experimental") == "true" ? "true" : "false");
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    /// <summary>docker's reformatDate: RFC 3339 times shown as Go's ANSIC ("Mon Jan _2 15:04:05 2006").</summary>
    internal static string ReformatDate(string value)
    {
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset time) || !value.Contains('T'))
            return value;
        return time.ToString("ddd MMM ", CultureInfo.InvariantCulture)
            + time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
            + time.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's GOARCH names.</summary>
    internal static string GoArch() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        _ => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
    };
}
