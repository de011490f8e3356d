namespace Wharf.Cli.Commands.Containers;

/// <summary>Image names as docker's CLI shows them (distribution/reference's familiar form).</summary>
internal static class ImageNames
{
    /// <summary>A name rather than an ID ("sha256:..." or 64 hex characters).</summary>
    public static bool IsNamed(string reference) =>
        reference.Length > 0 && !reference.StartsWith("sha256:", StringComparison.Ordinal)
        && !(reference.Length == 64 && reference.All(char.IsAsciiHexDigitLower));

    /// <summary>"busybox" → "busybox:latest"; "docker.io/library/x:1" → "x:1"; digests kept.</summary>
    public static string Familiar(string reference)
    {
        string name = reference;
        foreach (string prefix in (string[])["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
                break;
            }
        }
        if (name.Contains('@')) return name;
        int slash = name.LastIndexOf('/');
        return name.IndexOf(':', slash + 1) >= 0 ? name : name + ":latest";
    }
}
