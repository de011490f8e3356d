using System.Text;
using System.Text.Json;

namespace Wharf.Images.Changes;

/// <summary>The word-level syntax of Dockerfile arguments: quoted words and JSON arrays.</summary>
internal static class ChangeWords
{
    /// <summary>
    /// Splits on unquoted whitespace; double and single quotes group and are removed, a backslash
    /// escapes the next character (outside single quotes). An unclosed quote is an error.
    /// </summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote == '\'')
            {
                if (c == '\'') quote = '\0';
                else word.Append(c);
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (quote == '"')
            {
                if (c == '"') quote = '\0';
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote != '\0') throw new FormatException($"unmatched {quote} quote");
        if (inWord) words.Add(word.ToString());
        return words;
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
