namespace Wharf.Cli.CommandLine;

/// <summary>
/// One command-line flag with pflag's semantics (the library under Docker's cobra commands):
/// a long name, an optional one-letter shorthand, a type name shown in help, a default that help
/// prints unless it is the type's zero value.
/// </summary>
internal abstract class Flag
{
    protected Flag(string name, char? shorthand, string usage)
    {
        Name = name;
        Shorthand = shorthand;
        Usage = usage;
    }

    public string Name { get; }
    public char? Shorthand { get; }
    public string Usage { get; }

    /// <summary>Left out of help (still accepted).</summary>
    public bool Hidden { get; init; }

    /// <summary>pflag's ShorthandDeprecated: the shorthand still works but prints this notice.</summary>
    public string? ShorthandDeprecated { get; init; }

    /// <summary>pflag's Deprecated: left out of help; still works but prints "Flag --NAME has been deprecated, NOTE".</summary>
    public string? Deprecated { get; init; }

    /// <summary>True once the command line set this flag.</summary>
    public bool Changed { get; private set; }

    /// <summary>pflag's Value.Type(): the word help shows after the flag name ("string", "list", ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>The value a flag given without "=value" takes (pflag's NoOptDefVal); null when a value is required.</summary>
    public virtual string? ValueWhenBare => null;

    /// <summary>The default as help shows it; null hides "(default ...)" (pflag hides the type's zero value).</summary>
    public abstract string? DefaultText { get; }

    /// <summary>Replaces <see cref="DefaultText"/> in help where docker's flag type shows its zero value ("(default 0s)").</summary>
    public string? ShownDefault { get; init; }

    /// <summary>Parses one occurrence; a FormatException's message becomes pflag's "invalid argument" error.</summary>
    protected abstract void Apply(string text);

    public void Set(string text)
    {
        Apply(text);
        Changed = true;
    }

    /// <summary>The names as pflag quotes them in errors: "-t, --timeout" or "--name".</summary>
    public string DisplayNames => Shorthand is char c && ShorthandDeprecated is null ? $"-{c}, --{Name}" : $"--{Name}";
}

/// <summary>A flag whose parsed value has type <typeparamref name="T"/>.</summary>
internal abstract class Flag<T> : Flag
{
    protected Flag(string name, char? shorthand, string usage, T defaultValue) : base(name, shorthand, usage)
    {
        Default = defaultValue;
        Value = defaultValue;
    }

    public T Default { get; }
    public T Value { get; protected set; }
}
