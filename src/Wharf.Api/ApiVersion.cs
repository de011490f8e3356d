using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Wharf.Api;

/// <summary>
/// An Engine API version, "1.41": compared by major then minor number, as moby's
/// <c>versions.Compare</c> does (so 1.9 &lt; 1.10).
/// </summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The oldest version wharfd serves (moby v28's <c>MinSupportedAPIVersion</c>).</summary>
    public static ApiVersion Min { get; } = new(1, 24);

    /// <summary>The newest version wharfd serves: what the docker 28.2 CLI speaks.</summary>
    public static ApiVersion Max { get; } = new(1, 50);

    /// <summary>The version of a request without a <c>/vX.Y/</c> prefix.</summary>
    public static ApiVersion Default => Max;

    /// <summary>Parses "1.41" (or "1", minor 0); FormatException otherwise.</summary>
    public static ApiVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"invalid API version \"{text}\"");

    /// <summary>"MAJOR[.MINOR]" with decimal digits only, each part at most 9 digits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ApiVersion version)
    {
        version = default;
        int dot = text.IndexOf('.');
        var majorText = dot < 0 ? text : text[..dot];
        var minorText = dot < 0 ? "0" : text[(dot + 1)..];
        if (!IsNumber(majorText) || !IsNumber(minorText)) return false;
        version = new ApiVersion(int.Parse(majorText, CultureInfo.InvariantCulture), int.Parse(minorText, CultureInfo.InvariantCulture));
        return true;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, out ApiVersion)"/>
    public static bool TryParse([NotNullWhen(true)] string? text, out ApiVersion version)
    {
        version = default;
        return text is not null && TryParse(text.AsSpan(), out version);
    }

    private static bool IsNumber(ReadOnlySpan<char> part) => part.Length is > 0 and <= 9 && !part.ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// Null when the daemon serves <paramref name="requested"/>; else moby's message for a client
    /// that is too old or too new (400 for the API).
    /// </summary>
    public static string? Unsupported(string requested, ApiVersion version) =>
        version < Min ? $"client version {requested} is too old. Minimum supported API version is {Min}, please upgrade your client to a newer version"
        : version > Max ? $"client version {requested} is too new. Maximum supported API version is {Max}"
        : null;

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major}.{Minor}";
}
