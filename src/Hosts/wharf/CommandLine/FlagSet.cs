namespace Wharf.Cli.CommandLine;

/// <summary>
/// The flags of one command and pflag's parser: "--name value", "--name=value", bundled
/// shorthands ("-it", "-p8080:80", "-e=A"), "--" ending the flags, and, for commands that run
/// another program (run, exec), parsing stops at the first positional argument.
/// </summary>
internal sealed class FlagSet
{
    private readonly List<Flag> _flags = [];
    private readonly Dictionary<string, Flag> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<char, Flag> _byShorthand = [];

    public IReadOnlyList<Flag> Flags => _flags;

    /// <summary>False for commands whose arguments after the first positional are another program's (docker run).</summary>
    public bool Interspersed { get; set; } = true;

    public T Add<T>(T flag) where T : Flag
    {
        if (!_byName.TryAdd(flag.Name, flag))
            throw new InvalidOperationException($"flag --{flag.Name} defined twice");
        if (flag.Shorthand is char c && !_byShorthand.TryAdd(c, flag))
            throw new InvalidOperationException($"shorthand -{c} defined twice");
        _flags.Add(flag);
        return flag;
    }

    public bool Contains(string name) => _byName.ContainsKey(name);
    public bool HasShorthand(char c) => _byShorthand.ContainsKey(c);

    public BoolFlag Bool(string name, char? shorthand, string usage, bool defaultValue = false) => Add(new BoolFlag(name, shorthand, usage, defaultValue));
    public StringFlag String(string name, char? shorthand, string usage, string defaultValue = "") => Add(new StringFlag(name, shorthand, usage, defaultValue));
    public IntFlag Int(string name, char? shorthand, string usage, long defaultValue = 0, string typeName = "int") => Add(new IntFlag(name, shorthand, usage, defaultValue, typeName));
    public ListFlag List(string name, char? shorthand, string usage, string typeName = "list", Func<string, string>? check = null) => Add(new ListFlag(name, shorthand, usage, typeName, check));
    public MapFlag Map(string name, char? shorthand, string usage) => Add(new MapFlag(name, shorthand, usage));
    public DurationFlag Duration(string name, char? shorthand, string usage, TimeSpan defaultValue = default) => Add(new DurationFlag(name, shorthand, usage, defaultValue));
    public BytesFlag Bytes(string name, char? shorthand, string usage) => Add(new BytesFlag(name, shorthand, usage));
    public DecimalFlag Decimal(string name, char? shorthand, string usage) => Add(new DecimalFlag(name, shorthand, usage));
    public StringsFlag Strings(string name, char? shorthand, string usage) => Add(new StringsFlag(name, shorthand, usage));

    /// <summary>
    /// Parses <paramref name="args"/> and returns the positional arguments. Throws
    /// <see cref="FlagException"/> with pflag's message for an unknown flag, a missing value or a
    /// value the flag rejects. <paramref name="notices"/> receives pflag's deprecation notes.
    /// </summary>
    public List<string> Parse(IReadOnlyList<string> args, TextWriter notices)
    {
        var positional = new List<string>();
        int i = 0;
        while (i < args.Count)
        {
            string arg = args[i++];
            if (arg.Length < 2 || arg[0] != '-')
            {
                positional.Add(arg);
                if (!Interspersed)
                {
                    for (; i < args.Count; i++) positional.Add(args[i]);
                    break;
                }
                continue;
            }
            if (arg == "--")
            {
                for (; i < args.Count; i++) positional.Add(args[i]);
                break;
            }
            i = arg[1] == '-' ? ParseLong(arg, args, i, notices) : ParseShorthands(arg, args, i, notices);
        }
        return positional;
    }

    private int ParseLong(string arg, IReadOnlyList<string> args, int next, TextWriter notices)
    {
        string body = arg[2..];
        if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            throw new FlagException($"bad flag syntax: {arg}");
        int eq = body.IndexOf('=');
        string name = eq < 0 ? body : body[..eq];
        if (!_byName.TryGetValue(name, out Flag? flag))
            throw new FlagException($"unknown flag: --{name}");
        string value;
        if (eq >= 0) value = body[(eq + 1)..];
        else if (flag.ValueWhenBare is string bare) value = bare;
        else if (next < args.Count) value = args[next++];
        else throw new FlagException($"flag needs an argument: {arg}");
        if (flag.Deprecated is string note) notices.WriteLine($"Flag --{flag.Name} has been deprecated, {note}");
        SetValue(flag, value);
        return next;
    }

    private int ParseShorthands(string arg, IReadOnlyList<string> args, int next, TextWriter notices)
    {
        string shorthands = arg[1..];
        while (shorthands.Length > 0)
        {
            char c = shorthands[0];
            if (!_byShorthand.TryGetValue(c, out Flag? flag))
                throw new FlagException($"unknown shorthand flag: '{c}' in -{shorthands}");
            string value;
            string rest = shorthands[1..];
            if (shorthands.Length > 2 && shorthands[1] == '=')
            {
                value = shorthands[2..];
                rest = "";
            }
            else if (flag.ValueWhenBare is string bare) value = bare;
            else if (shorthands.Length > 1)
            {
                value = shorthands[1..];
                rest = "";
            }
            else if (next < args.Count) value = args[next++];
            else throw new FlagException($"flag needs an argument: '{c}' in -{shorthands}");
            if (flag.ShorthandDeprecated is string note)
                notices.WriteLine($"Flag shorthand -{c} has been deprecated, {note}");
            SetValue(flag, value);
            shorthands = rest;
        }
        return next;
    }

    private static void SetValue(Flag flag, string value)
    {
        try
        {
            flag.Set(value);
        }
        catch (FormatException e)
        {
            throw new FlagException($"invalid argument {GoParse.Quote(value)} for {GoParse.Quote(flag.DisplayNames)} flag: {e.Message}");
        }
    }
}

/// <summary>A command line the flag parser rejects; the message is pflag's.</summary>
internal sealed class FlagException(string message) : Exception(message);
