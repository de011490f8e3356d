namespace Wharf.Cli.Options;

/// <summary>A flag's parse-time check from a value parser: the parser's FormatException is the flag's error, the text is kept as given.</summary>
internal static class ValueCheck
{
    public static Func<string, string> Of<T>(Func<string, T> parse) => value =>
    {
        parse(value);
        return value;
    };
}
