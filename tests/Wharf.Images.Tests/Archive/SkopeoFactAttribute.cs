namespace Wharf.Images.Tests.Archive;

/// <summary>A test that runs skopeo: skipped with the reason when it is not installed (xunit 2 has no dynamic skip).</summary>
public sealed class SkopeoFactAttribute : FactAttribute
{
    public static readonly string? Path = new[] { "/usr/bin/skopeo", "/usr/local/bin/skopeo" }.FirstOrDefault(File.Exists);

    public SkopeoFactAttribute()
    {
        if (Path is null) Skip = "skopeo is not installed (scripts/install-deps.sh installs it)";
    }
}
