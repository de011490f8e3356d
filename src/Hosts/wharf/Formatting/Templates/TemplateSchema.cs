namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// What wharf knows of the Go structs docker runs a template on, where it only has their JSON:
/// which objects are maps (a missing key is "&lt;no value&gt;"), which are structs (a missing field
/// is an error), and the typed zero of fields the JSON leaves out or sets to null. Paths are
/// field names from the top joined by dots ("State", "HostConfig.LogConfig").
/// <para>
/// Two modes, as in docker: <see cref="RawFallback"/> (inspect: the typed run failed, so the
/// template runs again on the raw JSON with missingkey=error, and every object that is not a map
/// refuses a missing key with "map has no entry for key"), or typed only (version, info: a field
/// the struct lacks is "can't evaluate field X in type T"; unknown objects stay lenient).
/// </para>
/// </summary>
internal sealed class TemplateSchema
{
    private readonly Dictionary<string, object?> _zeros = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string TypeName, HashSet<string>? Fields)> _structs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _mapPaths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _mapNames = new(StringComparer.Ordinal);

    /// <summary>docker inspect's raw-JSON fallback: missingkey=error everywhere but in maps.</summary>
    public bool RawFallback { get; init; }

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>Fields of the struct at <paramref name="path"/> whose typed zero is <paramref name="zero"/> (<see cref="GoValue.NilPointer"/>, NilSlice, NilMap, "", false, 0L).</summary>
    public TemplateSchema Zero(string path, object? zero, string names)
    {
        foreach (string name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries)) _zeros[Join(path, name)] = zero;
        return this;
    }

    /// <summary>The struct at <paramref name="path"/>: its Go type name and, when known, all its field names (a known field the JSON lacks is not an error).</summary>
    public TemplateSchema Struct(string path, string typeName, string? fields = null)
    {
        _structs[path] = (typeName, fields is null ? null : new HashSet<string>(fields.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase));
        return this;
    }

    /// <summary>Maps: by path, or by field name wherever it occurs ("Labels").</summary>
    public TemplateSchema Maps(string? paths = null, string? names = null)
    {
        foreach (string path in (paths ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)) _mapPaths.Add(path);
        foreach (string name in (names ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)) _mapNames.Add(name);
        return this;
    }

    public bool IsMap(string path) =>
        _mapPaths.Contains(path) || (path.Length > 0 && _mapNames.Contains(path[(path.LastIndexOf('.') + 1)..]));

    /// <summary>The typed zero of a field the JSON leaves out or sets to null.</summary>
    public bool TryZero(string path, string name, out object? zero) => _zeros.TryGetValue(Join(path, name), out zero);

    /// <summary>Go's error for a field missing from the object at <paramref name="path"/> (null: path unknown), or null when docker gives a zero value.</summary>
    public string? MissingField(string? path, string name)
    {
        if (path is not null && IsMap(path)) return null;
        if (RawFallback) return $"map has no entry for key \"{name}\"";
        if (path is null || !_structs.TryGetValue(path, out var type)) return null;
        if (type.Fields is not null && type.Fields.Contains(name)) return null;
        return $"can't evaluate field {name} in type {type.TypeName}";
    }
}
