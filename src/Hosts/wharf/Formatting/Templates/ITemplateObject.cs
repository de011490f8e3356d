namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// A value with computed fields, like docker's formatter contexts (a ps row's .ID is the
/// truncated id, .Label "k" a method with an argument). JSON data needs none of this: templates
/// read JsonElement objects directly.
/// </summary>
internal interface ITemplateObject
{
    /// <summary>The type named in "can't evaluate field X in type T".</summary>
    string TypeName { get; }

    /// <summary>The fields in their natural order (for printing; `json` sorts them like docker).</summary>
    IEnumerable<string> FieldNames { get; }

    /// <summary>Looks up a field or calls a method with <paramref name="args"/>; false when there is no such member.</summary>
    bool TryGetField(string name, IReadOnlyList<object?> args, out object? value);
}

/// <summary>A template value made of named fields, each computed on demand (lazy: columns not shown cost nothing).</summary>
internal sealed class TemplateRecord(string typeName) : ITemplateObject
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Func<IReadOnlyList<object?>, object?>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _arity = new(StringComparer.Ordinal);

    public string TypeName => typeName;
    public IEnumerable<string> FieldNames => _order.Where(n => _arity[n] == 0);

    public TemplateRecord Field(string name, Func<object?> value)
    {
        Add(name, _ => value(), 0);
        return this;
    }

    /// <summary>A method taking string arguments, like a ps row's <c>.Label "com.example.key"</c>.</summary>
    public TemplateRecord Method(string name, int arity, Func<IReadOnlyList<object?>, object?> call)
    {
        Add(name, call, arity);
        return this;
    }

    private void Add(string name, Func<IReadOnlyList<object?>, object?> member, int arity)
    {
        if (!_members.ContainsKey(name)) _order.Add(name);
        _members[name] = member;
        _arity[name] = arity;
    }

    public bool TryGetField(string name, IReadOnlyList<object?> args, out object? value)
    {
        if (!_members.TryGetValue(name, out Func<IReadOnlyList<object?>, object?>? member))
        {
            value = null;
            return false;
        }
        int arity = _arity[name];
        if (args.Count != arity)
            throw new TemplateException(arity == 0
                ? $"{name} is not a method but has arguments"
                : $"wrong number of args for {name}: want {arity} got {args.Count}");
        value = member(args);
        return true;
    }
}
