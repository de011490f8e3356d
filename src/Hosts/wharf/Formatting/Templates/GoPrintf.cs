using System.Globalization;
using System.Text;

namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// The templates' <c>printf</c>: Go's fmt verbs that format strings use in practice — %v %s %q %d
/// %t %f %e %g %x %X %c %% — with flags (-, +, 0, space), width and precision.
/// </summary>
internal static class GoPrintf
{
    public static string Format(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        int argIndex = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i++];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            bool minus = false, plus = false, zero = false, space = false;
            for (; i < format.Length; i++)
            {
                if (format[i] == '-') minus = true;
                else if (format[i] == '+') plus = true;
                else if (format[i] == '0') zero = true;
                else if (format[i] == ' ') space = true;
                else if (format[i] != '#') break;
            }
            int? width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            char verb = format[i++];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (argIndex >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            string text = Convert(verb, args[argIndex++], precision, plus, space);
            Pad(sb, text, width, minus, zero && verb is not ('s' or 'q' or 'v'));
        }
        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            sb.Append(string.Join(", ", args.Skip(argIndex).Select(a => GoValue.TypeName(a) + "=" + GoValue.Print(a, false))));
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static int? ReadNumber(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start ? int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static void Pad(StringBuilder sb, string text, int? width, bool left, bool zeros)
    {
        int pad = (width ?? 0) - text.Length;
        if (pad <= 0)
        {
            sb.Append(text);
            return;
        }
        if (left) sb.Append(text).Append(' ', pad);
        else if (zeros && text.StartsWith('-')) sb.Append('-').Append('0', pad).Append(text, 1, text.Length - 1);
        else sb.Append(zeros ? '0' : ' ', pad).Append(text);
    }

    private static string Convert(char verb, object? arg, int? precision, bool plus, bool space)
    {
        bool isNumber = GoValue.TryNumber(arg, out double number, out bool isInteger);
        switch (verb)
        {
            case 'v':
                return GoValue.Print(arg, topLevel: false);
            case 's':
                string s = GoValue.Print(arg, topLevel: false);
                return precision is int p && p < s.Length ? s[..p] : s;
            case 'q':
                return arg is string q ? CommandLine.GoParse.Quote(q) : Bad(verb, arg);
            case 't':
                return arg is bool b ? (b ? "true" : "false") : Bad(verb, arg);
            case 'd':
                if (!isNumber || !isInteger) return Bad(verb, arg);
                return Sign((long)number >= 0, plus, space) + ((long)number).ToString(CultureInfo.InvariantCulture);
            case 'x' or 'X':
                if (isNumber && isInteger)
                {
                    long l = (long)number;
                    string hex = Math.Abs(l).ToString(verb == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                    return (l < 0 ? "-" : "") + hex;
                }
                if (arg is string str)
                {
                    string hex = System.Convert.ToHexString(Encoding.UTF8.GetBytes(str));
                    return verb == 'x' ? hex.ToLowerInvariant() : hex;
                }
                return Bad(verb, arg);
            case 'c':
                return isNumber && isInteger ? char.ConvertFromUtf32((int)number) : Bad(verb, arg);
            case 'f' or 'F':
                return isNumber ? Sign(number >= 0, plus, space) + number.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture) : Bad(verb, arg);
            case 'e':
                return isNumber ? Sign(number >= 0, plus, space) + Exponent(number, precision ?? 6) : Bad(verb, arg);
            case 'g':
                return isNumber ? Sign(number >= 0, plus, space) + (precision is int gp ? GoFloat.G(number, gp) : GoFloat.V(number)) : Bad(verb, arg);
            default:
                return Bad(verb, arg);
        }
    }

    private static string Sign(bool nonNegative, bool plus, bool space) => !nonNegative ? "" : plus ? "+" : space ? " " : "";

    private static string Exponent(double value, int precision)
    {
        string text = value.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary>Go's "%!d(string=abc)" for a verb that does not fit the value.</summary>
    private static string Bad(char verb, object? arg) => $"%!{verb}({GoValue.TypeName(arg)}={GoValue.Print(arg, false)})";
}
