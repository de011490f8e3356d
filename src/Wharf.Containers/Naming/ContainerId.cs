using System.Globalization;
using System.Security.Cryptography;

namespace Wharf.Containers;

/// <summary>Container ids: 64 random lower-case hex digits, as Docker makes them.</summary>
public static class ContainerId
{
    public const int Length = 64;
    public const int ShortLength = 12;

    /// <summary>
    /// A new random id. Like Docker, never one whose 12-digit short form is all decimal digits, so
    /// a short id is never mistaken for a number by tools that parse it.
    /// </summary>
    public static string New()
    {
        while (true)
        {
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));
            if (!long.TryParse(id.AsSpan(0, ShortLength), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return id;
        }
    }

    /// <summary>Whether <paramref name="id"/> is a full id: 64 lower-case hex digits.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
