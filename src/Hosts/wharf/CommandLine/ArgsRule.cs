namespace Wharf.Cli.CommandLine;

/// <summary>How many positional arguments a command takes, with docker/cli's messages (cli/required.go).</summary>
internal sealed class ArgsRule
{
    private readonly int _min;
    private readonly int _max;

    private ArgsRule(int min, int max)
    {
        _min = min;
        _max = max;
    }

    public static readonly ArgsRule Any = new(0, int.MaxValue);
    public static readonly ArgsRule None = new(0, 0);
    public static ArgsRule Exactly(int count) => new(count, count);
    public static ArgsRule AtLeast(int count) => new(count, int.MaxValue);
    public static ArgsRule AtMost(int count) => new(0, count);
    public static ArgsRule Between(int min, int max) => new(min, max);

    /// <summary>Null when <paramref name="count"/> arguments are fine; docker's error text otherwise.</summary>
    public string? Check(CommandSpec command, IReadOnlyList<string> args)
    {
        int count = args.Count;
        if (count >= _min && count <= _max) return null;
        string bin = command.Root.Name;
        string path = command.Path;
        string usage = $"\n\nUsage:  {command.UseLine}\n\n";
        if (_max == 0)
        {
            return command.HasSubcommands
                ? $"{bin}: unknown command: {path} {args[0]}{usage}Run '{path} --help' for more information"
                : $"{bin}: '{path}' accepts no arguments{usage}Run '{path} --help' for more information";
        }
        if (_min == _max)
            return $"{bin}: '{path}' requires {_min} {Plural(_min)}{usage}Run '{path} --help' for more information";
        if (_max == int.MaxValue)
            return $"{bin}: '{path}' requires at least {_min} {Plural(_min)}{usage}See '{path} --help' for more information";
        if (_min == 0)
            return $"{bin}: '{path}' requires at most {_max} {Plural(_max)}{usage}Run '{path} --help' for more information";
        return $"{bin}: '{path}' requires at least {_min} and at most {_max} {Plural(_max)}{usage}Run '{path} --help' for more information";
    }

    private static string Plural(int n) => n == 1 ? "argument" : "arguments";
}
