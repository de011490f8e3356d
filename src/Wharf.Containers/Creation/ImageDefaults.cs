using Wharf.Core.Oci;

namespace Wharf.Containers;

/// <summary>
/// Fills what a create request leaves open from the image's config, as dockerd does before it
/// stores a container (moby's merge in daemon/commit.go and mergeAndVerifyConfig). Run it once,
/// at create: the result is what the container record keeps, and merging twice is not the same
/// (an `--entrypoint ""` would pick up the image's entrypoint the second time).
/// </summary>
public static class ImageDefaults
{
    public static ContainerConfig Merge(ContainerConfig requested, ImageExecutionConfig? image)
    {
        var merged = requested;
        if (image is not null)
        {
            merged = merged with
            {
                User = string.IsNullOrEmpty(merged.User) ? image.User : merged.User,
                ExposedPorts = MergeSets(merged.ExposedPorts, image.ExposedPorts),
                Env = MergeEnv(merged.Env, image.Env),
                Labels = MergeLabels(merged.Labels, image.Labels),
                WorkingDir = string.IsNullOrEmpty(merged.WorkingDir) ? image.WorkingDir : merged.WorkingDir,
                Volumes = MergeSets(merged.Volumes, image.Volumes),
                StopSignal = string.IsNullOrEmpty(merged.StopSignal) ? image.StopSignal : merged.StopSignal,
            };
            if (merged.Entrypoint is not { Count: > 0 })
            {
                // No entrypoint of the user's: the image's Cmd fills an empty Cmd, and the image's
                // entrypoint an absent (null, not []) one.
                if (merged.Cmd is not { Count: > 0 }) merged = merged with { Cmd = image.Cmd };
                if (merged.Entrypoint is null) merged = merged with { Entrypoint = image.Entrypoint };
            }
        }
        // `--entrypoint ""` arrives as [""]: no entrypoint at all.
        if (merged.Entrypoint is [""]) merged = merged with { Entrypoint = null };
        return merged;
    }

    /// <summary>User entries first; the image's for keys the user did not set after them.</summary>
    private static IReadOnlyList<string>? MergeEnv(IReadOnlyList<string>? user, IReadOnlyList<string>? image)
    {
        if (user is not { Count: > 0 }) return image;
        var result = user.ToList();
        var keys = user.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        foreach (string entry in image ?? [])
            if (!keys.Contains(KeyOf(entry))) result.Add(entry);
        return result;
    }

    private static IReadOnlyDictionary<string, string> MergeLabels(IReadOnlyDictionary<string, string>? user, IReadOnlyDictionary<string, string>? image)
    {
        var result = new Dictionary<string, string>(user ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in image ?? new Dictionary<string, string>())
            result.TryAdd(key, value);
        return result;
    }

    private static IReadOnlyDictionary<string, EmptyObject>? MergeSets(IReadOnlyDictionary<string, EmptyObject>? user, IReadOnlyDictionary<string, EmptyObject>? image)
    {
        if (user is not { Count: > 0 }) return image;
        if (image is null) return user;
        var result = new Dictionary<string, EmptyObject>(user, StringComparer.Ordinal);
        foreach (string key in image.Keys) result.TryAdd(key, EmptyObject.Instance);
        return result;
    }

    internal static string KeyOf(string entry)
    {
        int equals = entry.IndexOf('=');
        return equals < 0 ? entry : entry[..equals];
    }
}
