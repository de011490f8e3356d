using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// The filters of `docker ps --filter` / GET /containers/json, parsed and checked as dockerd does
/// (moby's daemon/list.go): the same accepted keys, the same value checks, the same messages.
/// Values of one key are alternatives (any may match); different keys must all match, except
/// label, whose values must all match.
/// </summary>
public sealed class ContainerFilters
{
    /// <summary>Docker's acceptedPsFilterTags.</summary>
    public static readonly IReadOnlySet<string> AcceptedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "ancestor", "before", "exited", "id", "isolation", "label", "name", "status", "health",
        "since", "volume", "network", "is-task", "publish", "expose",
    };

    public static ContainerFilters None { get; } = new(new Dictionary<string, IReadOnlySet<string>>());

    private const int MaxPatternLength = 1024;
    // The non-backtracking engine is linear in the input: the timeout is only a backstop, generous
    // enough that a loaded machine never turns a match into a miss.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private static readonly string[] HealthStates = ["starting", "healthy", "unhealthy", "none"];

    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _values;
    private readonly List<(string Value, Regex? Pattern)> _names = [];
    private readonly List<(string Value, Regex? Pattern)> _ids = [];

    private ContainerFilters(IReadOnlyDictionary<string, IReadOnlySet<string>> values)
    {
        _values = values;
        foreach (string value in Get("name")) _names.Add((value, Compile(value)));
        foreach (string value in Get("id")) _ids.Add((value, Compile(value)));
    }

    /// <summary>
    /// Checks <paramref name="filters"/> (key → values, as the API's filters JSON decodes).
    /// </summary>
    /// <exception cref="WharfException">InvalidArgument with Docker's message: an unknown key
    /// ("invalid filter 'x'"), a bad status, exited, health, is-task, publish or expose value.</exception>
    public static ContainerFilters Parse(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters)
    {
        if (filters is null || filters.Count == 0) return None;
        var values = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var (key, list) in filters)
        {
            if (!AcceptedKeys.Contains(key)) throw WharfException.Invalid($"invalid filter '{UntrustedName.Show(key)}'");
            values[key] = new HashSet<string>(list ?? [], StringComparer.Ordinal);
        }
        var parsed = new ContainerFilters(values);
        parsed.Check();
        return parsed;
    }

    /// <summary>Whether any value is given for <paramref name="key"/>.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The values given for <paramref name="key"/>.</summary>
    public IReadOnlyCollection<string> Get(string key) => _values.TryGetValue(key, out var set) ? set : [];

    /// <summary>The ancestor images named (to resolve to image ids before listing).</summary>
    public IReadOnlyCollection<string> Ancestors => Get("ancestor");

    /// <summary>A status filter lists stopped containers too (Docker sets "all").</summary>
    public bool ImpliesAll => Contains("status");

    internal IReadOnlyList<int> ExitCodes { get; private set; } = [];
    internal bool? IsTask { get; private set; }
    internal HashSet<string> Published { get; } = [];
    internal HashSet<string> Exposed { get; } = [];

    /// <summary>Docker's Match for the name key: an exact value, or a regular expression found in the name (with or without "/").</summary>
    internal bool MatchesName(string name) =>
        _names.Count == 0 || Matches(_names, name) || Matches(_names, name.StartsWith('/') ? name[1..] : name);

    /// <summary>Docker's Match for the id key (the id prefix search happens before, in <see cref="ContainerList"/>).</summary>
    internal bool MatchesId(string id) => _ids.Count == 0 || Matches(_ids, id);

    /// <summary>Docker's MatchKVList: every "key" or "key=value" must be among the labels.</summary>
    internal bool MatchesLabels(IReadOnlyDictionary<string, string>? labels)
    {
        var wanted = Get("label");
        if (wanted.Count == 0) return true;
        if (labels is null || labels.Count == 0) return false;
        foreach (string filter in wanted)
        {
            int equals = filter.IndexOf('=');
            string key = equals < 0 ? filter : filter[..equals];
            if (!labels.TryGetValue(key, out string? value)) return false;
            if (equals >= 0 && value != filter[(equals + 1)..]) return false;
        }
        return true;
    }

    /// <summary>Exact match on any of the key's values; true when the key has none.</summary>
    internal bool ExactMatch(string key, string value) => !_values.TryGetValue(key, out var set) || set.Count == 0 || set.Contains(value);

    private void Check()
    {
        var codes = new List<int>();
        foreach (string value in Get("exited"))
        {
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
                throw WharfException.Invalid($"invalid filter 'exited={UntrustedName.Show(value)}': strconv.Atoi: parsing \"{UntrustedName.Show(value)}\": invalid syntax");
            codes.Add(code);
        }
        ExitCodes = codes;

        foreach (string value in Get("status"))
        {
            if (!ContainerState.TryParse(value, out _))
                throw WharfException.Invalid(
                    $"invalid filter 'status={UntrustedName.Show(value)}': invalid value for state ({UntrustedName.Show(value)}): must be one of created, running, paused, restarting, removing, exited, dead");
        }

        foreach (string value in Get("health"))
        {
            if (!HealthStates.Contains(value))
                throw WharfException.Invalid(
                    $"invalid filter 'health={UntrustedName.Show(value)}': invalid value for health ({UntrustedName.Show(value)}): must be one of {string.Join(", ", HealthStates)}");
        }

        if (_values.TryGetValue("is-task", out var task))
        {
            bool isFalse = task.Contains("0") || task.Contains("false");
            bool isTrue = task.Contains("1") || task.Contains("true");
            if (isFalse == isTrue)
                throw WharfException.Invalid($"invalid filter 'is-task=[{string.Join(' ', task.Select(UntrustedName.Show))}]'");
            IsTask = isTrue;
        }

        foreach (string value in Get("publish")) AddPorts("publish", value, Published);
        foreach (string value in Get("expose")) AddPorts("expose", value, Exposed);
    }

    /// <summary>"port[/proto]" or "start-end[/proto]", each port as "N/proto" (Docker's portOp).</summary>
    private static void AddPorts(string key, string value, HashSet<string> into)
    {
        if (value.Contains(':'))
            throw WharfException.Invalid($"filter for '{key}' should not contain ':': {UntrustedName.Show(value)}");
        string ports = value, proto = "tcp";
        int slash = value.IndexOf('/');
        if (slash >= 0)
        {
            ports = value[..slash];
            proto = value[(slash + 1)..].ToLowerInvariant();
            if (proto.Length == 0) proto = "tcp";
        }
        int dash = ports.IndexOf('-');
        string first = dash < 0 ? ports : ports[..dash], last = dash < 0 ? ports : ports[(dash + 1)..];
        if (!ushort.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out ushort start)
            || !ushort.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out ushort end)
            || end < start)
            throw WharfException.Invalid($"error while looking up for {key} {UntrustedName.Show(value)}: invalid port range: {UntrustedName.Show(ports)}");
        for (int port = start; port <= end; port++) into.Add($"{port}/{proto}");
    }

    private static bool Matches(List<(string Value, Regex? Pattern)> values, string source)
    {
        foreach (var (value, pattern) in values)
        {
            if (value == source) return true;
            try
            {
                if (pattern is not null && pattern.IsMatch(source)) return true;
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern too slow to decide counts as no match, as an invalid one does.
            }
        }
        return false;
    }

    /// <summary>
    /// Go's regexp is RE2: linear time, no backreferences or lookaround. .NET's non-backtracking
    /// engine is the closest; a pattern it cannot take is skipped, as Go skips a bad pattern.
    /// </summary>
    private static Regex? Compile(string pattern)
    {
        if (pattern.Length > MaxPatternLength) return null;
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
