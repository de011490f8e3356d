using System.Globalization;
using System.Text;

namespace Wharf.Cli.Formatting;

/// <summary>Go's %g and %v for float64 (strconv.FormatFloat with 'g'), which docker's sizes and templates print.</summary>
internal static class GoFloat
{
    /// <summary>%.{precision}g: <paramref name="precision"/> significant digits, trailing zeros dropped.</summary>
    public static string G(double value, int precision)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "+Inf" : "-Inf";
        if (precision <= 0) precision = 1;
        (string digits, int exponent, bool negative) = Decompose(value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return Layout(digits, exponent, negative, precision);
    }

    /// <summary>%v: the shortest digits that read back as the same value, exponent form from 1e6 or below 1e-4.</summary>
    public static string V(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "+Inf" : "-Inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        (string digits, int exponent, bool negative) = Shortest(value);
        // Go's shortest %v decides the form with precision 6.
        return Layout(digits, exponent, negative, 6);
    }

    /// <summary>encoding/json's numbers: shortest digits, exponent form below 1e-6 or from 1e21 ("1e-7", "1e+21").</summary>
    public static string Json(double value)
    {
        if (value == 0) return "0";
        (string digits, int exponent, bool negative) = Shortest(value);
        if (exponent < -6 || exponent >= 21)
        {
            string e = Layout(digits, exponent, negative, 0, -1);
            int at = e.IndexOf('e');
            // JSON drops the exponent's leading zero: "e-07" is "e-7".
            return at >= 0 && e.Length - at == 4 && e[at + 2] == '0' ? e[..(at + 2)] + e[(at + 3)..] : e;
        }
        return Layout(digits, exponent, negative, int.MaxValue, int.MinValue);
    }

    /// <summary>The shortest round-trip digits of a finite non-zero value and its decimal exponent.</summary>
    private static (string Digits, int Exponent, bool Negative) Shortest(double value)
    {
        // "R" is the shortest round-trip text, in either fixed or exponent form: normalize it.
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = text.StartsWith('-');
        if (negative) text = text[1..];
        int e = text.IndexOf('E');
        int exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? text : text[..e];
        int point = mantissa.IndexOf('.');
        string digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        int integerDigits = point < 0 ? mantissa.Length : point;
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        return (digits.TrimStart('0'), exponent + integerDigits - 1 - leadingZeros, negative);
    }

    private static (string Digits, int Exponent, bool Negative) Decompose(string scientific)
    {
        bool negative = scientific.StartsWith('-');
        if (negative) scientific = scientific[1..];
        int e = scientific.IndexOf('E');
        string mantissa = scientific[..e].Replace(".", "", StringComparison.Ordinal);
        int exponent = int.Parse(scientific[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (mantissa, exponent, negative);
    }

    private static string Layout(string digits, int exponent, bool negative, int exponentThreshold, int lowThreshold = -4)
    {
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (exponent < lowThreshold || exponent >= exponentThreshold)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            int abs = Math.Abs(exponent);
            if (abs < 10) sb.Append('0');
            return sb.Append(abs.ToString(CultureInfo.InvariantCulture)).ToString();
        }
        if (exponent < 0)
            return sb.Append("0.").Append('0', -exponent - 1).Append(digits).ToString();
        if (digits.Length <= exponent + 1)
            return sb.Append(digits).Append('0', exponent + 1 - digits.Length).ToString();
        return sb.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1).ToString();
    }
}
