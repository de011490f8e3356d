using System.Globalization;

namespace Wharf.Cli.Connection;

/// <summary>An Engine API version ("1.50"): compared by major then minor, as moby's versions package does.</summary>
internal readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The newest API this client speaks: docker CLI 28.2's, which wharfd serves.</summary>
    public static readonly ApiVersion Current = new(1, 50);

    /// <summary>What a daemon that sends no Api-Version header is assumed to speak (docker's fallback).</summary>
    public static readonly ApiVersion Fallback = new(1, 24);

    public static bool TryParse(string? text, out ApiVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string[] parts = text.Trim().TrimStart('v').Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
            return false;
        version = new ApiVersion(major, minor);
        return true;
    }

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion a, ApiVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ApiVersion a, ApiVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ApiVersion a, ApiVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}";
}
