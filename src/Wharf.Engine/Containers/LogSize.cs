using System.Globalization;
using Wharf.Core;

namespace Wharf.Engine.Containers;

/// <summary>`--log-opt max-size` values as Docker reads them: a number with an optional binary unit (k, m, g).</summary>
internal static class LogSize
{
    public static long Parse(string text)
    {
        string value = text.Trim().ToLowerInvariant();
        int end = value.Length;
        while (end > 0 && char.IsLetter(value[end - 1])) end--;
        string unit = value[end..].TrimEnd('b', 'i');
        long multiplier = unit switch
        {
            "" => 1,
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            _ => throw WharfException.Invalid($"invalid size: '{text}'"),
        };
        if (!double.TryParse(value[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || number < 0)
            throw WharfException.Invalid($"invalid size: '{text}'");
        return (long)(number * multiplier);
    }
}
