using System.Text;
using System.Text.Json;

namespace Wharf.Api;

/// <summary>
/// Docker's <c>filters</c> query parameter: JSON of the shape <c>{"key":{"value":true}}</c>, or the
/// legacy <c>{"key":["value"]}</c>. A key holds a set of values. Keys are case-sensitive, as in moby.
/// </summary>
public sealed class FilterArgs
{
    private readonly SortedDictionary<string, SortedSet<string>> _fields = new(StringComparer.Ordinal);

    public static FilterArgs Empty => new();

    /// <summary>The keys present, sorted.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    public bool IsEmpty => _fields.Count == 0;

    /// <summary>Adds <paramref name="value"/> under <paramref name="key"/>; returns this for chaining.</summary>
    public FilterArgs Add(string key, string value)
    {
        if (!_fields.TryGetValue(key, out var values)) _fields[key] = values = new SortedSet<string>(StringComparer.Ordinal);
        values.Add(value);
        return this;
    }

    public bool Contains(string key) => _fields.ContainsKey(key);

    /// <summary>The values of <paramref name="key"/>, sorted; empty when absent.</summary>
    public IReadOnlyList<string> Get(string key) => _fields.TryGetValue(key, out var values) ? [.. values] : [];

    /// <summary>Whether <paramref name="key"/> is absent or one of its values is exactly <paramref name="value"/>.</summary>
    public bool ExactMatch(string key, string value) => !_fields.TryGetValue(key, out var values) || values.Contains(value);

    /// <summary>
    /// Parses the query value; null or empty gives no filters. ApiRequestException "invalid filter"
    /// when it is neither shape.
    /// </summary>
    public static FilterArgs Parse(string? json)
    {
        var args = new FilterArgs();
        if (string.IsNullOrEmpty(json)) return args;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind == JsonValueKind.Null) return args;
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid();
            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (!args._fields.ContainsKey(field.Name)) args._fields[field.Name] = new SortedSet<string>(StringComparer.Ordinal);
                switch (field.Value.ValueKind)
                {
                    case JsonValueKind.Object: // {"value": true}: the value is the key; the boolean does not matter (as in moby)
                        foreach (var value in field.Value.EnumerateObject())
                        {
                            if (value.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Invalid();
                            args.Add(field.Name, value.Name);
                        }
                        break;
                    case JsonValueKind.Array: // legacy ["value", ...]
                        foreach (var value in field.Value.EnumerateArray())
                        {
                            if (value.ValueKind != JsonValueKind.String) throw Invalid();
                            args.Add(field.Name, value.GetString()!);
                        }
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        throw Invalid();
                }
            }
        }
        catch (JsonException e)
        {
            throw new ApiRequestException("invalid filter", e);
        }
        return args;
    }

    /// <summary>Moby's Validate: every key must be one of <paramref name="accepted"/>, else "invalid filter 'KEY'".</summary>
    public void Validate(params ReadOnlySpan<string> accepted)
    {
        foreach (string key in _fields.Keys)
        {
            bool known = false;
            foreach (string name in accepted) known |= name == key;
            if (!known) throw new ApiRequestException($"invalid filter '{key}'");
        }
    }

    /// <summary>
    /// Moby's GetBoolOrDefault: absent gives <paramref name="defaultValue"/>; "true"/"1" or
    /// "false"/"0" (not both) give the boolean; anything else is "invalid filter 'KEY=VALUES'".
    /// </summary>
    public bool GetBool(string key, bool defaultValue)
    {
        if (!_fields.TryGetValue(key, out var values)) return defaultValue;
        bool isFalse = values.Contains("0") || values.Contains("false");
        bool isTrue = values.Contains("1") || values.Contains("true");
        if (isFalse == isTrue)
            throw new ApiRequestException(values.Count == 0 ? $"invalid filter '{key}'" : $"invalid filter '{key}={string.Join(',', values)}'");
        return isTrue;
    }

    /// <summary>"key=value" strings, one per value, as the CLI's --filter flags spell them.</summary>
    public IEnumerable<string> Pairs() => _fields.SelectMany(field => field.Value.Select(value => $"{field.Key}={value}"));

    /// <summary>The query value in the current shape, <c>{"key":{"value":true}}</c>; "" when empty.</summary>
    public string ToJson()
    {
        if (_fields.Count == 0) return "";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, values) in _fields)
            {
                writer.WriteStartObject(key);
                foreach (string value in values) writer.WriteBoolean(value, true);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ApiRequestException Invalid() => new("invalid filter");
}
