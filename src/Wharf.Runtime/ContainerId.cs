using System.Text.RegularExpressions;
using Wharf.Core;

namespace Wharf.Runtime;

/// <summary>Container ids as runc accepts them: letters, digits, '_', '+', '-', '.'; never "." or "..".</summary>
public static partial class ContainerId
{
    public static string Validate(string? id)
    {
        if (string.IsNullOrEmpty(id))
            throw WharfException.Invalid("container id cannot be empty");
        if (id is "." or ".." || !ValidId().IsMatch(id))
            throw WharfException.Invalid($"invalid container id format: {id}");
        return id;
    }

    [GeneratedRegex(@"^[\w+\-.]+$")]
    private static partial Regex ValidId();
}
