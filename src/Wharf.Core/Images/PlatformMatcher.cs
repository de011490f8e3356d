namespace Wharf.Core.Images;

/// <summary>
/// Decides which platforms can run where, and which is preferred, as containerd's
/// <c>platforms.Only</c> does: a platform matches itself and the older platforms it runs
/// (amd64 also runs 386; arm64/v8.2 runs v8.1, v8 and arm/v8..v5; arm/v7 runs v6 and v5),
/// preferring the closest. Picks the manifest to pull from an index.
/// </summary>
public sealed class PlatformMatcher
{
    private readonly Platform[] _accepted; // normalised, best first

    private PlatformMatcher(Platform[] accepted) => _accepted = accepted;

    /// <summary>Matches the platform and every platform it can also run, closest first.</summary>
    public static PlatformMatcher Only(Platform platform) =>
        new(CompatibleWith(platform.Normalize()).Select(p => p.Normalize()).Distinct().ToArray());

    /// <summary>Matches the platform alone (in any spelling: "aarch64" matches "arm64/v8").</summary>
    public static PlatformMatcher Strict(Platform platform) => new([platform.Normalize()]);

    /// <summary>What this machine runs; `docker pull` without `--platform`.</summary>
    public static PlatformMatcher ForHost { get; } = Only(Platform.Host);

    public bool Matches(Platform platform) => Rank(platform) >= 0;

    /// <summary>0 for the preferred platform, higher for fallbacks, -1 for one that does not match.</summary>
    public int Rank(Platform platform)
    {
        var candidate = platform.Normalize();
        for (int i = 0; i < _accepted.Length; i++)
            if (Same(_accepted[i], candidate)) return i;
        return -1;
    }

    /// <summary>
    /// The best entry of an index for this matcher, or null when none fits. Entries without a
    /// platform are taken as a last resort, as containerd does; ties keep the index's order.
    /// </summary>
    public Descriptor? SelectBest(IEnumerable<Descriptor> manifests)
    {
        Descriptor? best = null;
        int bestRank = int.MaxValue;
        foreach (var manifest in manifests)
        {
            int rank = manifest.Platform is null ? _accepted.Length : Rank(manifest.Platform);
            if (rank >= 0 && rank < bestRank)
            {
                best = manifest;
                bestRank = rank;
            }
        }
        return best;
    }

    /// <summary>
    /// OS, architecture and variant equal; the candidate's OS features a subset of the accepted
    /// one's. OS versions are compared only for Windows, where they are not implemented yet.
    /// </summary>
    private static bool Same(Platform accepted, Platform candidate) =>
        accepted.OS == candidate.OS && accepted.Architecture == candidate.Architecture
        && accepted.Variant == candidate.Variant
        && (candidate.OSFeatures ?? []).All(f => accepted.OSFeatures?.Contains(f) == true);

    /// <summary>containerd's platformVector: the platform, then what it can also run, best first.</summary>
    private static IEnumerable<Platform> CompatibleWith(Platform platform)
    {
        yield return platform;
        switch (platform.Architecture)
        {
            case "amd64":
                if (VersionOf(platform.Variant) is int amd64 && amd64 > 1)
                    for (int v = amd64 - 1; v >= 1; v--)
                        yield return platform with { Variant = v == 1 ? null : "v" + v };
                yield return platform with { Architecture = "386", Variant = null };
                break;
            case "arm":
                if (VersionOf(platform.Variant) is int arm && arm > 5)
                    for (int v = arm - 1; v >= 5; v--)
                        yield return platform with { Variant = "v" + v };
                break;
            case "arm64":
                foreach (var older in OlderArm64(platform)) yield return older;
                break;
        }
    }

    private static IEnumerable<Platform> OlderArm64(Platform platform)
    {
        string variant = platform.Variant ?? "v8";
        string[] parts = variant.TrimStart('v').Split('.', 2);
        if (int.TryParse(parts[0], out int major) && major >= 8)
        {
            int minor = parts.Length == 2 && variant.Length == 4 && int.TryParse(parts[1], out int m) ? m : 0;
            if (major == 9)
            {
                for (int v = minor - 1; v >= 0; v--)
                    yield return platform with { Variant = v == 0 ? "v9" : $"v9.{v}" };
                // v9.0 diverged from v8.5: v9.x also runs v8.(x+5) and below.
                minor += 5;
                major = 8;
                yield return platform with { Variant = $"v8.{minor}" };
            }
            for (int v = minor - 1; v >= 0; v--)
                yield return platform with { Variant = v == 0 ? (major == 8 ? null : $"v{major}") : $"v{major}.{v}" };
        }
        // 64-bit ARM runs 32-bit ARM binaries up to v8.
        string armVariant = variant.StartsWith("v8.", StringComparison.Ordinal) || variant.StartsWith("v9.", StringComparison.Ordinal) ? "v8" : variant;
        foreach (var arm in CompatibleWith(platform with { Architecture = "arm", Variant = armVariant }))
            yield return arm;
    }

    private static int? VersionOf(string? variant) =>
        int.TryParse(variant?.TrimStart('v'), out int version) ? version : null;
}
