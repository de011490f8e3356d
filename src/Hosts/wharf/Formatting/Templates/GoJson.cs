using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// docker's template function <c>json</c>: Go's encoding/json without HTML escaping. JSON data is
/// written back as it came (member order, number text); dictionaries and computed records with
/// sorted keys, as Go marshals maps.
/// </summary>
internal static class GoJson
{
    public static string Serialize(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        if (GoValue.IsTypedNil(value))
        {
            sb.Append("null");
            return;
        }
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                WriteString(sb, s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(FormatFloat(d));
                break;
            case JsonElement element:
                WriteElement(sb, element);
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, list[i]);
                }
                sb.Append(']');
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteObject(sb, map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
                break;
            case ITemplateObject record:
                // docker's formatter contexts marshal themselves with json.Marshal, which escapes
                // HTML characters ("<none>" is "\u003cnone\u003e"); outside strings there are none.
                var members = new StringBuilder();
                WriteObject(members, record.FieldNames.Order(StringComparer.Ordinal).Select(name =>
                {
                    record.TryGetField(name, [], out object? field);
                    return (name, field);
                }));
                sb.Append(members.Replace("<", "\\u003c").Replace(">", "\\u003e").Replace("&", "\\u0026"));
                break;
            default:
                sb.Append(ReferenceEquals(value, GoValue.Missing) ? "null" : QuoteToString(value));
                break;
        }
    }

    private static string QuoteToString(object value)
    {
        var sb = new StringBuilder();
        WriteString(sb, value.ToString() ?? "");
        return sb.ToString();
    }

    private static void WriteObject(StringBuilder sb, IEnumerable<(string Key, object? Value)> members)
    {
        sb.Append('{');
        bool first = true;
        foreach ((string key, object? value) in members)
        {
            if (!first) sb.Append(',');
            first = false;
            WriteString(sb, key);
            sb.Append(':');
            Write(sb, value);
        }
        sb.Append('}');
    }

    private static void WriteElement(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                bool first = true;
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, property.Name);
                    sb.Append(':');
                    WriteElement(sb, property.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                bool firstItem = true;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (!firstItem) sb.Append(',');
                    firstItem = false;
                    WriteElement(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!);
                break;
            default:
                sb.Append(element.GetRawText());
                break;
        }
    }

    private static string FormatFloat(double d) =>
        double.IsNaN(d) || double.IsInfinity(d)
            ? throw new TemplateException($"json: unsupported value: {GoFloat.V(d)}")
            : GoFloat.Json(d);

    /// <summary>Go's string encoding with HTML escaping off: \" \\ \n \r \t, other controls as \u00XX, U+2028/9 escaped.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                case < ' ': sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
