namespace Wharf.RuntimeTests;

/// <summary>The probe's `key=value` lines; a key may repeat (arg, env, mount, net).</summary>
public sealed class ProbeReport
{
    readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public ProbeReport(string output)
    {
        Output = output;
        foreach (var line in output.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var key = line[..eq];
            if (!_values.TryGetValue(key, out var list))
                _values[key] = list = [];
            list.Add(line[(eq + 1)..]);
        }
    }

    public string Output { get; }

    /// <summary>The single value of <paramref name="key"/>; fails the test, showing the output, when absent.</summary>
    public string this[string key] =>
        _values.TryGetValue(key, out var list) ? list[^1] : throw new Xunit.Sdk.XunitException($"probe did not report {key}:\n{Output}");

    public IReadOnlyList<string> All(string key) => _values.TryGetValue(key, out var list) ? list : [];

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Mount points seen inside (the first field of each `mount=` line).</summary>
    public IReadOnlyList<string> MountPoints => All("mount").Select(m => m.Split(' ')[0]).ToList();

    public override string ToString() => Output;
}
