using System.Text;
using System.Text.Json;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Formatting;

/// <summary>
/// docker/cli's inspect.Inspect: each reference is fetched as the daemon's raw JSON; with no
/// format they print as one JSON array indented like Go's json.Indent (4 spaces), "json" prints
/// it compact, and a template runs once per object. Objects that cannot be fetched are reported
/// together at the end (exit 1) after the others are printed.
/// </summary>
internal sealed class InspectOutput
{
    private readonly GoTemplate? _template;
    private readonly bool _compact;
    private readonly List<byte[]> _raw = [];
    private readonly StringBuilder _rendered = new();
    private readonly List<string> _errors = [];

    /// <summary>Throws CliError 64 "template parsing error: ..." for a template that does not parse.</summary>
    public InspectOutput(string format)
    {
        if (format == "json")
        {
            _compact = true;
            return;
        }
        if (format.Length == 0) return;
        try
        {
            _template = GoTemplate.Parse(format);
        }
        catch (TemplateException e)
        {
            throw new CliError($"template parsing error: {e.Message}", 64);
        }
    }

    /// <summary>
    /// Fetches and renders every reference with <paramref name="fetch"/> (the object's kind —
    /// "container", "image", ... — and its raw JSON, or an exception whose message is reported).
    /// </summary>
    public async Task<int> RunAsync(TextWriter output, IEnumerable<string> references, Func<string, Task<(string Kind, byte[] Raw)>> fetch)
    {
        foreach (string reference in references)
        {
            (string Kind, byte[] Raw) found;
            try
            {
                found = await fetch(reference).ConfigureAwait(false);
            }
            catch (DaemonError e)
            {
                _errors.Add(e.Display);
                continue;
            }
            catch (CliError e)
            {
                _errors.Add(e.Message);
                continue;
            }
            Add(found.Kind, found.Raw);
        }
        Flush(output);
        if (_errors.Count > 0) throw new CliError(string.Join("\n", _errors));
        return 0;
    }

    private void Add(string kind, byte[] raw)
    {
        if (_template is null)
        {
            _raw.Add(raw);
            return;
        }
        using JsonDocument document = JsonDocument.Parse(raw);
        var buffer = new StringWriter();
        try
        {
            _template.Execute(buffer, document.RootElement, DockerStructs.ForKind(kind));
        }
        catch (TemplateException e)
        {
            _errors.Add($"template parsing error: {e.Message}");
            return;
        }
        _rendered.Append(buffer).Append('\n');
    }

    private void Flush(TextWriter output)
    {
        if (_template is not null)
        {
            output.Write(_rendered.Length == 0 ? "\n" : _rendered.ToString());
            return;
        }
        if (_raw.Count == 0)
        {
            output.Write("[]\n");
            return;
        }
        var array = new MemoryStream();
        array.WriteByte((byte)'[');
        for (int i = 0; i < _raw.Count; i++)
        {
            if (i > 0) array.WriteByte((byte)',');
            array.Write(_raw[i]);
        }
        array.WriteByte((byte)']');
        output.Write(_compact ? JsonIndent.Compact(array.ToArray()) : JsonIndent.Indent(array.ToArray()));
        output.Write('\n');
    }
}
