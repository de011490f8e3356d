using System.Globalization;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.CommandLine;

/// <summary>A boolean switch: "--rm", "--rm=false", "-d".</summary>
internal sealed class BoolFlag(string name, char? shorthand, string usage, bool defaultValue = false)
    : Flag<bool>(name, shorthand, usage, defaultValue)
{
    public override string TypeName => "bool";
    public override string? ValueWhenBare => "true";
    public override string? DefaultText => Default ? "true" : null;
    protected override void Apply(string text) => Value = GoParse.Bool(text);
}

internal sealed class StringFlag(string name, char? shorthand, string usage, string defaultValue = "")
    : Flag<string>(name, shorthand, usage, defaultValue)
{
    public override string TypeName => "string";
    public override string? DefaultText => Default.Length == 0 ? null : GoParse.Quote(Default);
    protected override void Apply(string text) => Value = text;
}

/// <summary>An integer in one of Go's sizes; the type name is what help shows ("int", "uint16").</summary>
internal sealed class IntFlag : Flag<long>
{
    private readonly int _bits;
    private readonly bool _unsigned;

    public IntFlag(string name, char? shorthand, string usage, long defaultValue = 0, string typeName = "int")
        : base(name, shorthand, usage, defaultValue)
    {
        TypeName = typeName;
        (_unsigned, _bits) = typeName switch
        {
            "uint" => (true, 64),
            "uint16" => (true, 16),
            "uint32" => (true, 32),
            "uint64" => (true, 64),
            "int32" => (false, 32),
            _ => (false, 64),
        };
    }

    public override string TypeName { get; }
    public override string? DefaultText => Default == 0 ? null : Default.ToString(CultureInfo.InvariantCulture);
    protected override void Apply(string text) => Value = _unsigned ? (long)GoParse.UInt(text, _bits) : GoParse.Int(text, _bits);
}

/// <summary>A Go duration ("10s", "1m30s"); help shows "duration".</summary>
internal sealed class DurationFlag(string name, char? shorthand, string usage, TimeSpan defaultValue = default)
    : Flag<TimeSpan>(name, shorthand, usage, defaultValue)
{
    public override string TypeName => "duration";
    public override string? DefaultText => Default == TimeSpan.Zero ? null : GoParse.FormatDuration(Default);
    protected override void Apply(string text) => Value = GoParse.Duration(text);
}

/// <summary>A byte count with a binary unit ("512m", "1g"), as docker's MemBytes; help shows "bytes".</summary>
internal sealed class BytesFlag(string name, char? shorthand, string usage)
    : Flag<long>(name, shorthand, usage, 0)
{
    public override string TypeName => "bytes";
    public override string? DefaultText => null;
    protected override void Apply(string text) => Value = Units.RamInBytes(text);
}

/// <summary>A decimal number stored in billionths, as docker's NanoCPUs ("--cpus 1.5"); help shows "decimal".</summary>
internal sealed class DecimalFlag(string name, char? shorthand, string usage)
    : Flag<long>(name, shorthand, usage, 0)
{
    public override string TypeName => "decimal";
    public override string? DefaultText => null;

    protected override void Apply(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value))
            throw new FormatException($"failed to parse {text} as a rational number");
        decimal nanos = value * 1_000_000_000m;
        if (nanos != decimal.Truncate(nanos))
            throw new FormatException("value is too precise");
        Value = (long)nanos;
    }
}

/// <summary>
/// A repeatable flag collecting every occurrence ("-e A -e B"); docker's ListOpts. The type name
/// differs by use ("list", "filter", "ulimit"); an optional check rejects a bad item at parse time.
/// </summary>
internal sealed class ListFlag(string name, char? shorthand, string usage, string typeName = "list", Func<string, string>? check = null, string? defaultText = null)
    : Flag<IReadOnlyList<string>>(name, shorthand, usage, [])
{
    private readonly List<string> _items = [];

    public override string TypeName => typeName;
    public override string? DefaultText => defaultText;

    protected override void Apply(string text)
    {
        _items.Add(check is null ? text : check(text));
        Value = _items;
    }
}

/// <summary>A repeatable key=value flag ("--sysctl a=b"); docker's MapOpts, help shows "(default map[])".</summary>
internal sealed class MapFlag(string name, char? shorthand, string usage)
    : Flag<IReadOnlyDictionary<string, string>>(name, shorthand, usage, new Dictionary<string, string>())
{
    private readonly Dictionary<string, string> _items = new(StringComparer.Ordinal);

    public override string TypeName => "map";
    public override string? DefaultText => "map[]";

    protected override void Apply(string text)
    {
        int eq = text.IndexOf('=');
        if (eq < 0) _items[text] = "";
        else _items[text[..eq]] = text[(eq + 1)..];
        Value = _items;
    }
}

/// <summary>pflag's stringSlice: each occurrence is split on commas; help shows "strings".</summary>
internal sealed class StringsFlag(string name, char? shorthand, string usage)
    : Flag<IReadOnlyList<string>>(name, shorthand, usage, [])
{
    private readonly List<string> _items = [];

    public override string TypeName => "strings";
    public override string? DefaultText => null;

    protected override void Apply(string text)
    {
        if (text.Length > 0) _items.AddRange(text.Split(','));
        Value = _items;
    }
}
