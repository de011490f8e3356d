using System.Net;
using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Formatting.Templates;

/// <summary>A template function; arguments arrive evaluated (the piped value last).</summary>
internal delegate object? TemplateFunction(IReadOnlyList<object?> args);

/// <summary>An argument of the wrong type: reported at that argument, as Go's reflection does.</summary>
internal sealed class ArgumentTypeException(int index, string message) : Exception(message)
{
    public int Index { get; } = index;
}

/// <summary>
/// The functions a template can call: Go's builtins (and, or, not, len, index, slice, print,
/// printf, println, eq, ne, lt, le, gt, ge, html, urlquery) and docker's (json, split, join,
/// title, lower, upper, pad, truncate). A command may add its own, as `docker version` adds
/// getDetailsOrder.
/// </summary>
internal sealed class TemplateFunctions
{
    private readonly Dictionary<string, (int Min, int Max, TemplateFunction Call)> _functions = new(StringComparer.Ordinal);

    private TemplateFunctions()
    {
    }

    /// <summary>Go's builtins plus docker's basic functions (docker/cli templates.basicFunctions).</summary>
    public static TemplateFunctions Docker()
    {
        var f = new TemplateFunctions();
        // and/or are evaluated lazily by the executor; registered so the parser knows them.
        f.Add("and", 1, int.MaxValue, a => a[^1]);
        f.Add("or", 1, int.MaxValue, a => a[^1]);
        f.Add("not", 1, 1, a => !GoValue.IsTrue(a[0]));
        f.Add("len", 1, 1, a => Length(a[0]));
        f.Add("index", 1, int.MaxValue, Index);
        f.Add("slice", 1, 3, Slice);
        f.Add("print", 0, int.MaxValue, a => Sprint(a));
        f.Add("println", 0, int.MaxValue, a => string.Join(" ", a.Select(v => GoValue.Print(v, false))) + "\n");
        f.Add("printf", 1, int.MaxValue, a => GoPrintf.Format(String(a, 0), a.Skip(1).ToList()));
        f.Add("eq", 2, int.MaxValue, a => a.Skip(1).Any(b => Compare.Equal(a[0], b)));
        f.Add("ne", 2, 2, a => !Compare.Equal(a[0], a[1]));
        f.Add("lt", 2, 2, a => Compare.Order(a[0], a[1]) < 0);
        f.Add("le", 2, 2, a => Compare.Order(a[0], a[1]) <= 0);
        f.Add("gt", 2, 2, a => Compare.Order(a[0], a[1]) > 0);
        f.Add("ge", 2, 2, a => Compare.Order(a[0], a[1]) >= 0);
        f.Add("html", 0, int.MaxValue, a => WebUtility.HtmlEncode(Sprint(a)));
        f.Add("urlquery", 0, int.MaxValue, a => Uri.EscapeDataString(Sprint(a)));

        f.Add("json", 1, 1, a => GoJson.Serialize(a[0]));
        f.Add("split", 2, 2, a => String(a, 0).Split(String(a, 1)).Cast<object?>().ToList());
        f.Add("join", 2, 2, a => string.Join(String(a, 1), Strings(a, 0)));
        f.Add("title", 1, 1, a => Title(String(a, 0)));
        f.Add("lower", 1, 1, a => String(a, 0).ToLowerInvariant());
        f.Add("upper", 1, 1, a => String(a, 0).ToUpperInvariant());
        f.Add("pad", 3, 3, a => String(a, 0) is { Length: > 0 } s ? new string(' ', (int)Int(a, 1)) + s + new string(' ', (int)Int(a, 2)) : "");
        f.Add("truncate", 2, 2, a => Truncate(String(a, 0), (int)Int(a, 1)));
        return f;
    }

    /// <summary>
    /// docker's HeaderFunctions, for rendering a table's header row: the template runs over the
    /// column names, so functions that would transform a value return the name unchanged.
    /// </summary>
    public TemplateFunctions ForHeader()
    {
        var f = new TemplateFunctions();
        foreach (KeyValuePair<string, (int, int, TemplateFunction)> pair in _functions) f._functions[pair.Key] = pair.Value;
        f.Add("json", 1, 1, a => a[0]);
        f.Add("split", 2, 2, a => a[0]);
        f.Add("join", 2, 2, a => a[0]);
        f.Add("title", 1, 1, a => a[0]);
        f.Add("lower", 1, 1, a => a[0]);
        f.Add("upper", 1, 1, a => a[0]);
        f.Add("truncate", 2, 2, a => a[0]);
        return f;
    }

    public TemplateFunctions Add(string name, int minArgs, int maxArgs, TemplateFunction call)
    {
        _functions[name] = (minArgs, maxArgs, call);
        return this;
    }

    public bool Contains(string name) => _functions.ContainsKey(name);

    public bool TryGet(string name, out (int Min, int Max, TemplateFunction Call) function) => _functions.TryGetValue(name, out function);

    // ---- argument conversion with Go's messages ----

    public static string String(IReadOnlyList<object?> args, int i) =>
        args[i] as string ?? throw new ArgumentTypeException(i, $"wrong type for value; expected string; got {GoValue.TypeName(args[i])}");

    public static long Int(IReadOnlyList<object?> args, int i) =>
        GoValue.TryNumber(args[i], out double n, out bool whole) && whole
            ? (long)n
            : throw new ArgumentTypeException(i, $"wrong type for value; expected int; got {GoValue.TypeName(args[i])}");

    public static IReadOnlyList<string> Strings(IReadOnlyList<object?> args, int i)
    {
        var result = new List<string>();
        switch (args[i])
        {
            case IReadOnlyList<object?> list when list.All(x => x is string):
                result.AddRange(list.Cast<string>());
                return result;
            case JsonElement { ValueKind: JsonValueKind.Array } array when array.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String):
                result.AddRange(array.EnumerateArray().Select(x => x.GetString()!));
                return result;
            default:
                throw new ArgumentTypeException(i, $"wrong type for value; expected []string; got {GoValue.TypeName(args[i])}");
        }
    }

    // ---- builtins ----

    /// <summary>Go's Sprint: a space between operands when neither is a string.</summary>
    private static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            sb.Append(GoValue.Print(args[i], false));
        }
        return sb.ToString();
    }

    private static object Length(object? value) => value switch
    {
        string s => (long)Encoding.UTF8.GetByteCount(s),
        JsonElement { ValueKind: JsonValueKind.Array } a => (long)a.GetArrayLength(),
        JsonElement { ValueKind: JsonValueKind.Object } o => (long)o.EnumerateObject().Select(p => p.Name).Distinct().Count(),
        IReadOnlyList<object?> list => (long)list.Count,
        IReadOnlyDictionary<string, object?> map => (long)map.Count,
        _ => throw new TemplateException($"len of type {GoValue.TypeName(value)}"),
    };

    private static object? Index(IReadOnlyList<object?> args)
    {
        object? item = args[0];
        for (int k = 1; k < args.Count; k++)
        {
            object? key = args[k];
            if (GoValue.IsNil(item)) throw new TemplateException("index of untyped nil");
            if (item is JsonElement { ValueKind: JsonValueKind.Object } or IReadOnlyDictionary<string, object?>)
            {
                if (key is not string name) throw new TemplateException($"value has type {GoValue.TypeName(key)}; should be string");
                GoValue.TryLookup(item, name, out object? found);
                item = ReferenceEquals(found, GoValue.Missing) && AllStringValues(item) ? "" : found;
                continue;
            }
            item = ElementAt(item, key);
        }
        return item;
    }

    /// <summary>
    /// A missing key of a map whose values are all strings yields "", as docker's typed
    /// map[string]string (labels, options) does; other maps yield &lt;no value&gt;.
    /// </summary>
    private static bool AllStringValues(object? map) => map switch
    {
        JsonElement o => o.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String),
        IReadOnlyDictionary<string, object?> d => d.Values.All(v => v is string),
        _ => false,
    };

    private static object? ElementAt(object? item, object? key)
    {
        if (!GoValue.TryNumber(key, out double n, out bool whole) || !whole)
            throw new TemplateException($"cannot index slice/array with type {GoValue.TypeName(key)}");
        long i = (long)n;
        switch (item)
        {
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                if (i < 0 || i >= array.GetArrayLength()) throw new TemplateException($"index out of range: {i}");
                return GoValue.FromJson(array[(int)i]);
            case IReadOnlyList<object?> list:
                if (i < 0 || i >= list.Count) throw new TemplateException($"index out of range: {i}");
                return list[(int)i];
            case string s:
                byte[] bytes = Encoding.UTF8.GetBytes(s);
                if (i < 0 || i >= bytes.Length) throw new TemplateException($"index out of range: {i}");
                return (long)bytes[i];
            default:
                throw new TemplateException($"can't index item of type {GoValue.TypeName(item)}");
        }
    }

    private static object? Slice(IReadOnlyList<object?> args)
    {
        object? item = args[0];
        int length = item switch
        {
            string s => s.Length,
            JsonElement { ValueKind: JsonValueKind.Array } a => a.GetArrayLength(),
            IReadOnlyList<object?> l => l.Count,
            _ => throw new TemplateException($"can't slice item of type {GoValue.TypeName(item)}"),
        };
        int from = args.Count > 1 ? (int)Int(args, 1) : 0;
        int to = args.Count > 2 ? (int)Int(args, 2) : length;
        if (from < 0 || to > length || from > to) throw new TemplateException($"index out of range: {(from < 0 || from > length ? from : to)}");
        return item switch
        {
            string s => s[from..to],
            JsonElement a => a.EnumerateArray().Skip(from).Take(to - from).Select(GoValue.FromJson).ToList(),
            IReadOnlyList<object?> l => l.Skip(from).Take(to - from).ToList(),
            _ => null,
        };
    }

    /// <summary>strings.Title: the first letter of each word upper-cased.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousIsLetter = false;
        foreach (char c in s)
        {
            bool isWordChar = char.IsLetterOrDigit(c) || c == '_' || c == '\'';
            sb.Append(isWordChar && !previousIsLetter ? char.ToUpperInvariant(c) : c);
            previousIsLetter = isWordChar;
        }
        return sb.ToString();
    }

    /// <summary>docker's truncate: the first <paramref name="length"/> bytes (kept whole on a character boundary).</summary>
    private static string Truncate(string s, int length)
    {
        if (Encoding.UTF8.GetByteCount(s) < length) return s;
        var sb = new StringBuilder();
        int bytes = 0;
        foreach (Rune rune in s.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > length) break;
            sb.Append(rune.ToString());
        }
        return sb.ToString();
    }

    /// <summary>Go's eq/lt rules: numbers with numbers, strings with strings, bools with bools; nil equals nil.</summary>
    private static class Compare
    {
        public static bool Equal(object? a, object? b)
        {
            if (GoValue.IsNil(a) || GoValue.IsNil(b)) return GoValue.IsNil(a) && GoValue.IsNil(b);
            if (GoValue.TryNumber(a, out double x, out _) && GoValue.TryNumber(b, out double y, out _)) return x == y;
            return (a, b) switch
            {
                (string s, string t) => s == t,
                (bool p, bool q) => p == q,
                (string or bool or JsonElement { ValueKind: JsonValueKind.Number } or long or double, string or bool or JsonElement { ValueKind: JsonValueKind.Number } or long or double)
                    => throw new TemplateException("incompatible types for comparison"),
                _ => throw new TemplateException($"non-comparable types {GoValue.TypeName(a)}, {GoValue.TypeName(b)}"),
            };
        }

        public static int Order(object? a, object? b)
        {
            if (GoValue.TryNumber(a, out double x, out _) && GoValue.TryNumber(b, out double y, out _)) return x.CompareTo(y);
            if (a is string s && b is string t) return string.CompareOrdinal(s, t);
            bool comparableA = a is string || GoValue.TryNumber(a, out _, out _);
            bool comparableB = b is string || GoValue.TryNumber(b, out _, out _);
            throw new TemplateException(comparableA && comparableB ? "incompatible types for comparison" : "invalid type for comparison");
        }
    }
}
