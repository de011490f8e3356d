using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// The values templates work on and Go's rules for them. A value is one of: null (Go's nil),
/// <see cref="Missing"/> (a missing map key: prints "&lt;no value&gt;"), bool, long, double,
/// string, a <see cref="JsonElement"/> number, object or array (JSON strings, booleans and null
/// are converted on access), an <see cref="IReadOnlyList{T}"/> of values, an
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to value, or an
/// <see cref="ITemplateObject"/>. JSON objects behave like Go maps (docker's raw-JSON fallback):
/// printed "map[k:v]" with sorted keys; JSON numbers print as written.
/// </summary>
internal static class GoValue
{
    /// <summary>Go's invalid reflect.Value: what a missing key yields.</summary>
    public static readonly object Missing = new MissingValue();

    private sealed class MissingValue
    {
        public override string ToString() => "<no value>";
    }

    /// <summary>
    /// The typed nils of a Go struct's fields that the JSON leaves out or sets to null (docker
    /// runs templates on its structs): a pointer prints "&lt;nil&gt;", a slice "[]", a map "map[]";
    /// all marshal as null. See <see cref="TemplateSchema"/>.
    /// </summary>
    public static readonly object NilPointer = new NilPointerValue();
    public static readonly IReadOnlyList<object?> NilSlice = new System.Collections.ObjectModel.ReadOnlyCollection<object?>([]);
    public static readonly IReadOnlyDictionary<string, object?> NilMap = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>());

    public static bool IsTypedNil(object? value) =>
        ReferenceEquals(value, NilPointer) || ReferenceEquals(value, NilSlice) || ReferenceEquals(value, NilMap);

    private sealed class NilPointerValue
    {
        public override string ToString() => "<nil>";
    }

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element,
    };

    public static bool IsNil(object? value) => value is null || ReferenceEquals(value, Missing);

    /// <summary>Go's truth: false, 0, nil, and empty strings, slices and maps are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        JsonElement { ValueKind: JsonValueKind.Number } n => n.GetDouble() != 0,
        JsonElement { ValueKind: JsonValueKind.Array } a => a.GetArrayLength() > 0,
        JsonElement { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Any(),
        IReadOnlyList<object?> list => list.Count > 0,
        IReadOnlyDictionary<string, object?> map => map.Count > 0,
        _ when ReferenceEquals(value, Missing) || ReferenceEquals(value, NilPointer) => false,
        _ => true,
    };

    /// <summary>The type Go would name in an error; JSON values are interface{} as in a decoded map.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "interface {}",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        ITemplateObject o => o.TypeName,
        IReadOnlyList<object?> => "[]interface {}",
        IReadOnlyDictionary<string, object?> => "map[string]interface {}",
        JsonElement { ValueKind: JsonValueKind.Array } => "[]interface {}",
        JsonElement { ValueKind: JsonValueKind.Object } => "map[string]interface {}",
        JsonElement { ValueKind: JsonValueKind.Number } => "float64",
        _ => "interface {}",
    };

    public static bool TryNumber(object? value, out double number, out bool isInteger)
    {
        switch (value)
        {
            case long l:
                number = l;
                isInteger = true;
                return true;
            case double d:
                number = d;
                isInteger = false;
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } n:
                isInteger = n.TryGetInt64(out long whole);
                number = isInteger ? whole : n.GetDouble();
                return true;
            default:
                number = 0;
                isInteger = false;
                return false;
        }
    }

    /// <summary>Go's fmt %v. At the top level of an action a nil prints "&lt;no value&gt;", inside a collection "&lt;nil&gt;".</summary>
    public static string Print(object? value, bool topLevel = true)
    {
        var sb = new StringBuilder();
        Append(sb, value, topLevel);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value, bool topLevel)
    {
        switch (value)
        {
            case null:
                sb.Append(topLevel ? "<no value>" : "<nil>");
                break;
            case string s:
                sb.Append(s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(GoFloat.V(d));
                break;
            case JsonElement element:
                AppendJson(sb, element);
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(' ');
                    Append(sb, list[i], false);
                }
                sb.Append(']');
                break;
            case IReadOnlyDictionary<string, object?> map:
                sb.Append("map[");
                bool first = true;
                foreach (KeyValuePair<string, object?> pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    sb.Append(pair.Key).Append(':');
                    Append(sb, pair.Value, false);
                }
                sb.Append(']');
                break;
            case ITemplateObject record:
                sb.Append('{');
                bool firstField = true;
                foreach (string name in record.FieldNames)
                {
                    if (!firstField) sb.Append(' ');
                    firstField = false;
                    record.TryGetField(name, [], out object? field);
                    Append(sb, field, false);
                }
                sb.Append('}');
                break;
            default:
                sb.Append(ReferenceEquals(value, Missing) ? "<no value>" : value.ToString());
                break;
        }
    }

    private static void AppendJson(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                sb.Append(element.GetRawText());
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                bool first = true;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    Append(sb, FromJson(item), false);
                }
                sb.Append(']');
                break;
            case JsonValueKind.Object:
                sb.Append("map[");
                bool firstProperty = true;
                foreach (JsonProperty property in SortedProperties(element))
                {
                    if (!firstProperty) sb.Append(' ');
                    firstProperty = false;
                    sb.Append(property.Name).Append(':');
                    Append(sb, FromJson(property.Value), false);
                }
                sb.Append(']');
                break;
            default:
                Append(sb, FromJson(element), false);
                break;
        }
    }

    /// <summary>A JSON object's properties in Go's map order (sorted by key; the last duplicate wins).</summary>
    public static IEnumerable<JsonProperty> SortedProperties(JsonElement obj)
    {
        var byName = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject()) byName[property.Name] = property;
        return byName.Values.OrderBy(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// Go's map lookup on a JSON object or dictionary; <see cref="Missing"/> when absent. For a
    /// field (<paramref name="asField"/>) a JSON key that differs only in case also answers: docker
    /// evaluates templates on Go structs first, whose names differ from the JSON keys only in the
    /// case of acronyms (.ID for "Id", .APIVersion for "ApiVersion"), so both spellings work there.
    /// Only an exported (capitalised) name folds: no Go struct has a field ".id" or ".status".
    /// </summary>
    public static bool TryLookup(object? map, string key, out object? value, bool asField = false)
    {
        switch (map)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } obj:
                value = Missing;
                JsonElement? folded = null;
                int foldedCount = 0;
                foreach (JsonProperty property in obj.EnumerateObject())
                {
                    if (property.NameEquals(key)) value = FromJson(property.Value);
                    else if (asField && char.IsUpper(key[0]) && string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
                    {
                        folded = property.Value;
                        foldedCount++;
                    }
                }
                if (ReferenceEquals(value, Missing) && foldedCount == 1) value = FromJson(folded!.Value);
                return true;
            case IReadOnlyDictionary<string, object?> dictionary:
                value = dictionary.TryGetValue(key, out object? found) ? found : Missing;
                return true;
            default:
                value = null;
                return false;
        }
    }
}
