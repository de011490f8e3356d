using System.Text;

namespace Wharf.Cli.Options;

/// <summary>
/// The first record of Go's encoding/csv reader, as docker reads --mount, --gpus and the long
/// --network form: comma-separated fields, a field in double quotes may hold commas and ""
/// for a quote; Go's error texts for a stray quote.
/// </summary>
internal static class CsvFields
{
    public static List<string> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        // Go reads one line: what follows a newline belongs to the next record.
        int end = text.IndexOf('\n');
        if (end < 0) end = text.Length;
        if (end > 0 && text[end - 1] == '\r') end--;
        if (end == 0) throw new FormatException("EOF");
        while (true)
        {
            field.Clear();
            if (i < end && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= end)
                        throw new FormatException($"parse error on line 1, column {end + 1}: extraneous or missing \" in quoted-field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < end && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < end && text[i] != ',')
                    throw new FormatException($"parse error on line 1, column {i + 1}: extraneous or missing \" in quoted-field");
            }
            else
            {
                while (i < end && text[i] != ',')
                {
                    if (text[i] == '"') throw new FormatException($"parse error on line 1, column {i + 1}: bare \" in non-quoted-field");
                    field.Append(text[i++]);
                }
            }
            fields.Add(field.ToString());
            if (i >= end) break;
            i++; // the comma
        }
        return fields;
    }
}
