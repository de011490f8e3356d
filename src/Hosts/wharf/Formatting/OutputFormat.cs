using System.Text;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Formatting;

/// <summary>
/// A command's <c>--format</c>, as docker/cli's formatter.Context reads it: "table" (the
/// command's default columns), "table TEMPLATE" (a header row, then one row per item, aligned),
/// "json" (one JSON object per line) or a bare TEMPLATE (one line per item). Literal "\t" and
/// "\n" in the format become tab and newline.
/// </summary>
internal sealed class OutputFormat
{
    private const string TableKey = "table";
    private const string JsonKey = "json";

    private OutputFormat(GoTemplate template, bool isTable, bool isJson)
    {
        Template = template;
        IsTable = isTable;
        IsJson = isJson;
    }

    public GoTemplate Template { get; }
    public bool IsTable { get; }
    public bool IsJson { get; }

    /// <summary>
    /// Parses <paramref name="format"/>; empty or "table" means <paramref name="defaultTable"/>
    /// ("table {{.ID}}\t{{.Image}}"). A template that does not parse throws
    /// <see cref="CliError"/> "template parsing error: ...".
    /// </summary>
    public static OutputFormat Parse(string? format, string defaultTable, TemplateFunctions? functions = null)
    {
        string source = string.IsNullOrEmpty(format) || format == TableKey ? defaultTable : format;
        bool isTable = source.StartsWith(TableKey, StringComparison.Ordinal);
        bool isJson = source == JsonKey;
        string text = isTable ? source[TableKey.Length..] : isJson ? "{{json .}}" : source;
        text = text.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        try
        {
            return new OutputFormat(GoTemplate.Parse(text, "", functions), isTable, isJson);
        }
        catch (TemplateException e)
        {
            throw new CliError($"template parsing error: {e.Message}");
        }
    }

    /// <summary>
    /// Writes <paramref name="items"/>; a table gets a header row from <paramref name="headers"/>
    /// (field name to column title, e.g. ID → "CONTAINER ID"; fields not listed get their name
    /// in capitals) and is aligned like docker's (tabwriter 10/1/3).
    /// </summary>
    public void Write(TextWriter output, IEnumerable<object?> items, IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = new StringWriter();
        foreach (object? item in items)
        {
            try
            {
                Template.Execute(body, item);
            }
            catch (TemplateException e)
            {
                throw new CliError($"template parsing error: {e.Message}");
            }
            body.Write('\n');
        }
        if (!IsTable)
        {
            output.Write(body.ToString());
            return;
        }
        var table = TabWriter.ForTable(output);
        var header = new StringWriter();
        try
        {
            Template.Execute(header, new HeaderRow(headers), Template.Functions.ForHeader());
        }
        catch (TemplateException)
        {
            // docker ignores errors of the header pass: the rows already reported theirs.
        }
        table.Write(header.ToString());
        table.Write("\n");
        table.Write(body.ToString());
        table.Flush();
    }

    /// <summary>What a table's header row is rendered from: every field answers with its column title.</summary>
    private sealed class HeaderRow(IReadOnlyDictionary<string, string>? titles) : ITemplateObject
    {
        public string TypeName => "header";
        public IEnumerable<string> FieldNames => titles?.Keys ?? [];

        public bool TryGetField(string name, IReadOnlyList<object?> args, out object? value)
        {
            if (name == "Label" && args.Count == 1)
            {
                // SubHeaderContext.Label: the key's last dotted part, '-' and '_' as spaces.
                string key = args[0]?.ToString() ?? "";
                value = key[(key.LastIndexOf('.') + 1)..].Replace('-', ' ').Replace('_', ' ');
                return true;
            }
            value = titles is not null && titles.TryGetValue(name, out string? title) ? title : Capitals(name);
            return true;
        }

        /// <summary>"CreatedAt" → "CREATED AT".</summary>
        private static string Capitals(string name)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])) sb.Append(' ');
                sb.Append(char.ToUpperInvariant(name[i]));
            }
            return sb.ToString();
        }
    }
}
