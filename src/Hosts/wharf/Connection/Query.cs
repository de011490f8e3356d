using System.Text;

namespace Wharf.Cli.Connection;

/// <summary>A request's query string, built like Go's url.Values.Encode (sorted by key, escaped).</summary>
internal sealed class Query
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public Query Add(string key, string value)
    {
        _pairs.Add(new(key, value));
        return this;
    }

    /// <summary>Docker's booleans in queries: "1" when set, and left out when not.</summary>
    public Query Flag(string key, bool value) => value ? Add(key, "1") : this;

    public Query AddIfNotEmpty(string key, string? value) => string.IsNullOrEmpty(value) ? this : Add(key, value);

    public override string ToString()
    {
        if (_pairs.Count == 0) return "";
        var sb = new StringBuilder();
        foreach (KeyValuePair<string, string> pair in _pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(sb.Length == 0 ? '?' : '&');
            sb.Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
        }
        return sb.ToString();
    }
}
