using System.Text;
using System.Text.Json;

namespace Wharf.Images.Changes;

/// <summary>The word-level syntax of Dockerfile arguments: quoted words, variables and JSON arrays.</summary>
internal static class ChangeWords
{
    /// <summary>
    /// Splits on unquoted whitespace; double and single quotes group and are removed, a backslash
    /// escapes the next character (outside single quotes). An unclosed quote is an error. With
    /// <paramref name="env"/>, variables are expanded as Docker's shell lexer does outside single
    /// quotes: $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}; an unset one
    /// is empty, and an unquoted value is split into words on its whitespace.
    /// </summary>
    public static List<string> Split(string text, Func<string, string?>? env = null) => new Lexer(text, env).Words();

    /// <summary>One word with its variables expanded and its quotes removed (a JSON array element).</summary>
    public static string Expand(string text, Func<string, string?> env) => string.Join(' ', Split(text, env));

    /// <summary>A lookup in an image's Env list ("NAME=value"), the last entry winning as Docker's does.</summary>
    public static Func<string, string?> Lookup(IReadOnlyList<string>? env) => name =>
    {
        string? value = null;
        foreach (string entry in env ?? [])
            if (entry.Length > name.Length && entry[name.Length] == '=' && entry.StartsWith(name, StringComparison.Ordinal))
                value = entry[(name.Length + 1)..];
        return value;
    };

    private sealed class Lexer(string text, Func<string, string?>? env)
    {
        private readonly List<string> _words = [];
        private readonly StringBuilder _word = new();
        private bool _inWord;
        private int _i;

        public List<string> Words()
        {
            char quote = '\0';
            for (; _i < text.Length; _i++)
            {
                char c = text[_i];
                if (quote == '\'')
                {
                    if (c == '\'') quote = '\0';
                    else _word.Append(c);
                }
                else if (c == '\\' && _i + 1 < text.Length)
                {
                    _word.Append(text[++_i]);
                    _inWord = true;
                }
                else if (c == '$' && env is not null && Variable() is { } value)
                {
                    if (quote == '"') _word.Append(value);
                    else foreach (char v in value) Take(v);
                }
                else if (quote == '"')
                {
                    if (c == '"') quote = '\0';
                    else _word.Append(c);
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                    _inWord = true;
                }
                else
                {
                    Take(c);
                }
            }
            if (quote != '\0') throw new FormatException($"unmatched {quote} quote");
            if (_inWord) _words.Add(_word.ToString());
            return _words;
        }

        /// <summary>An unquoted character: whitespace ends the word.</summary>
        private void Take(char c)
        {
            if (char.IsWhiteSpace(c))
            {
                if (_inWord) _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
                return;
            }
            _word.Append(c);
            _inWord = true;
        }

        /// <summary>
        /// At a '$': the variable's value, the index left on its last character; null when no name
        /// follows (the '$' is then a plain character).
        /// </summary>
        private string? Variable()
        {
            int start = _i + 1;
            if (start < text.Length && text[start] == '{') return Braced(start + 1);
            int end = start;
            while (end < text.Length && IsNameChar(text[end], end == start)) end++;
            if (end == start) return null;
            _i = end - 1;
            return env!(text[start..end]) ?? "";
        }

        private string Braced(int start)
        {
            int end = start;
            while (end < text.Length && IsNameChar(text[end], end == start)) end++;
            if (end == start) throw new FormatException("bad substitution: a ${...} names no variable");
            string name = text[start..end];
            string? value = env!(name);
            if (end >= text.Length) throw new FormatException($"missing '}}' in ${{{name}");
            if (text[end] == '}')
            {
                _i = end;
                return value ?? "";
            }

            bool colon = text[end] == ':';
            int op = colon ? end + 1 : end;
            if (op >= text.Length || text[op] is not ('-' or '+'))
                throw new FormatException($"unsupported modifier ({(op < text.Length ? text[op] : ' ')}) in substitution ${{{name}...}}");
            int close = text.IndexOf('}', op + 1);
            if (close < 0) throw new FormatException($"missing '}}' in ${{{name}");
            string word = Expand(text[(op + 1)..close], env!);
            _i = close;
            bool set = colon ? !string.IsNullOrEmpty(value) : value is not null;
            return text[op] == '-' ? (set ? value! : word) : (set ? word : "");
        }

        private static bool IsNameChar(char c, bool first) => c == '_' || char.IsAsciiLetter(c) || (!first && char.IsAsciiDigit(c));
    }

    /// <summary>The JSON (exec) form, ["a", "b"]; null when the text is not a JSON array of strings.</summary>
    public static List<string>? TryParseJsonArray(string text)
    {
        if (!text.StartsWith('[')) return null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String) return null;
                items.Add(reader.GetString()!);
            }
            if (reader.TokenType != JsonTokenType.EndArray || reader.Read()) return null;
            return items;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
