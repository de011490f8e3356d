namespace Wharf.Containers;

/// <summary>"KEY=value" lists with Docker's override rules (moby's ReplaceOrAppendEnvValues).</summary>
public static class EnvironmentList
{
    /// <summary>
    /// <paramref name="defaults"/> with each override replacing the entry of its key or appended;
    /// an override without "=" removes its key.
    /// </summary>
    public static IReadOnlyList<string> ReplaceOrAppend(IReadOnlyList<string> defaults, IReadOnlyList<string>? overrides)
    {
        var result = defaults.ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < result.Count; i++) index[ImageDefaults.KeyOf(result[i])] = i;
        foreach (string value in overrides ?? [])
        {
            int equals = value.IndexOf('=');
            if (equals < 0)
            {
                if (index.TryGetValue(value, out int unset)) result[unset] = "";
                continue;
            }
            if (index.TryGetValue(value[..equals], out int at)) result[at] = value;
            else result.Add(value);
        }
        return result.Where(e => e.Length > 0).ToArray();
    }
}
