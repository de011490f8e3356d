using System.Text;
using System.Text.Json;
using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Connection;

/// <summary>
/// docker's filters.Args: "--filter name=value" flags collected into the JSON a list or prune
/// request carries in its "filters" query ({"name":{"value":true}}, keys sorted as Go's maps).
/// </summary>
internal sealed class Filters
{
    private readonly SortedDictionary<string, SortedSet<string>> _args = new(StringComparer.Ordinal);

    public int Count => _args.Count;

    /// <summary>The flag docker defines as <c>-f, --filter filter</c> (or without shorthand, for prune).</summary>
    public static ListFlag Flag(FlagSet flags, char? shorthand = 'f', string usage = "Filter output based on conditions provided") =>
        flags.List("filter", shorthand, usage, "filter", Check);

    /// <summary>opts.FilterOpt.Set: "name=value", the name lower-cased and both trimmed.</summary>
    private static string Check(string text) =>
        text.Length == 0 || text.Contains('=') ? text : throw new FormatException("bad format of filter (expected name=value)");

    public static Filters From(IEnumerable<string> flagValues)
    {
        var filters = new Filters();
        foreach (string item in flagValues)
        {
            if (item.Length == 0) continue;
            int eq = item.IndexOf('=');
            filters.Add(item[..eq].Trim().ToLowerInvariant(), item[(eq + 1)..].Trim());
        }
        return filters;
    }

    public Filters Add(string name, string value)
    {
        if (!_args.TryGetValue(name, out SortedSet<string>? values)) _args[name] = values = new SortedSet<string>(StringComparer.Ordinal);
        values.Add(value);
        return this;
    }

    public bool Contains(string name) => _args.ContainsKey(name);

    public IEnumerable<string> Get(string name) => _args.TryGetValue(name, out SortedSet<string>? values) ? values : [];

    public Filters Clone()
    {
        var copy = new Filters();
        foreach ((string name, SortedSet<string> values) in _args)
            foreach (string value in values) copy.Add(name, value);
        return copy;
    }

    /// <summary>filters.ToJSON; "" when empty (then the query leaves "filters" out).</summary>
    public string ToJson()
    {
        if (_args.Count == 0) return "";
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach ((string name, SortedSet<string> values) in _args)
            {
                json.WriteStartObject(name);
                foreach (string value in values) json.WriteBoolean(value, true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
