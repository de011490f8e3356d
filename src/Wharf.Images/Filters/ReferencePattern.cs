using Wharf.Core;

namespace Wharf.Images.Filters;

/// <summary>
/// Docker's reference filter (reference.FamiliarMatch): Go's path.Match of the pattern against the
/// familiar string ("busybox:latest"), then against the familiar name alone ("busybox").
/// </summary>
internal static class ReferencePattern
{
    public static bool Matches(string pattern, string familiarTag)
    {
        if (GlobMatch(pattern, familiarTag)) return true;
        int colon = familiarTag.LastIndexOf(':');
        return colon > familiarTag.LastIndexOf('/') && GlobMatch(pattern, familiarTag[..colon]);
    }

    /// <summary>Refuses a malformed pattern (Go's ErrBadPattern) up front.</summary>
    public static void Validate(string pattern)
    {
        try
        {
            GlobMatch(pattern, "", checkOnly: true);
        }
        catch (FormatException)
        {
            throw WharfException.Invalid($"invalid reference filter \"{pattern}\": syntax error in pattern");
        }
    }

    /// <summary>
    /// Go's path.Match: '*' is any run of non-'/' characters, '?' one non-'/' character, '[...]' a
    /// class ('^' or '!' negates, ranges with '-'), '\' escapes.
    /// </summary>
    internal static bool GlobMatch(string pattern, string name, bool checkOnly = false)
    {
        if (checkOnly)
        {
            for (int p = 0; p < pattern.Length; p++)
                if (pattern[p] == '[') p = ClassEnd(pattern, p) - 1;
                else if (pattern[p] == '\\' && ++p >= pattern.Length) throw new FormatException();
            return false;
        }
        return MatchFrom(pattern, 0, name, 0);
    }

    private static bool MatchFrom(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            char c = pattern[p];
            if (c == '*')
            {
                while (p < pattern.Length && pattern[p] == '*') p++;
                for (int k = n; ; k++)
                {
                    if (MatchFrom(pattern, p, name, k)) return true;
                    if (k >= name.Length || name[k] == '/') return false;
                }
            }
            if (n >= name.Length) return false;
            if (c == '?')
            {
                if (name[n] == '/') return false;
                p++;
            }
            else if (c == '[')
            {
                int end = ClassEnd(pattern, p);
                if (!ClassMatches(pattern, p + 1, end - 1, name[n])) return false;
                p = end;
            }
            else
            {
                if (c == '\\')
                {
                    if (++p >= pattern.Length) throw new FormatException();
                    c = pattern[p];
                }
                if (name[n] != c) return false;
                p++;
            }
            n++;
        }
        return n == name.Length;
    }

    /// <summary>The index after the class's closing ']'.</summary>
    private static int ClassEnd(string pattern, int open)
    {
        int i = open + 1;
        if (i < pattern.Length && pattern[i] is '^' or '!') i++;
        bool first = true;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == ']' && !first) return i + 1;
            if (pattern[i] == '\\') i++;
            first = false;
        }
        throw new FormatException();
    }

    private static bool ClassMatches(string pattern, int start, int end, char c)
    {
        bool negate = pattern[start] is '^' or '!';
        if (negate) start++;
        bool match = false;
        for (int i = start; i < end; i++)
        {
            char lo = pattern[i] == '\\' ? pattern[++i] : pattern[i];
            char hi = lo;
            if (i + 2 < end && pattern[i + 1] == '-')
            {
                i += 2;
                hi = pattern[i] == '\\' ? pattern[++i] : pattern[i];
            }
            if (lo <= c && c <= hi) match = true;
        }
        return match != negate;
    }
}
