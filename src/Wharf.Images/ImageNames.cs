using Wharf.Core.Images;

namespace Wharf.Images;

/// <summary>Record names as users read them.</summary>
internal static class ImageNames
{
    /// <summary>"docker.io/library/busybox:latest" → "busybox:latest"; other names unchanged.</summary>
    public static string Familiar(string recordName) =>
        ImageReference.TryParse(recordName, out var reference) ? reference.FamiliarString : recordName;
}
