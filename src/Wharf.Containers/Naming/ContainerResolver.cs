using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// Finds a container the way Docker's GetContainer does, over a snapshot of records: a full id,
/// then a name (with or without "/"), then a unique id prefix.
/// </summary>
public sealed class ContainerResolver
{
    private readonly Dictionary<string, Container> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Container> _byName = new(StringComparer.Ordinal);
    private readonly string[] _sortedIds;

    public ContainerResolver(IEnumerable<Container> containers)
    {
        foreach (var container in containers)
        {
            _byId[container.Id] = container;
            if (container.Name.Length > 0) _byName[container.Name.StartsWith('/') ? container.Name : "/" + container.Name] = container;
        }
        _sortedIds = _byId.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The container <paramref name="idOrName"/> names.</summary>
    /// <exception cref="WharfException">NotFound ("No such container: x"); InvalidArgument for an empty or ambiguous reference.</exception>
    public Container Resolve(string idOrName)
    {
        if (string.IsNullOrEmpty(idOrName))
            throw WharfException.Invalid("invalid name or ID supplied: \"\"");
        if (_byId.TryGetValue(idOrName, out var byId)) return byId;
        if (_byName.TryGetValue(idOrName.StartsWith('/') ? idOrName : "/" + idOrName, out var byName)) return byName;
        return ByPrefix(idOrName) ?? throw NotFound(idOrName);
    }

    /// <summary>Like <see cref="Resolve"/>, but null when nothing matches (an ambiguous prefix still throws).</summary>
    public Container? TryResolve(string idOrName)
    {
        if (string.IsNullOrEmpty(idOrName)) return null;
        if (_byId.TryGetValue(idOrName, out var byId)) return byId;
        if (_byName.TryGetValue(idOrName.StartsWith('/') ? idOrName : "/" + idOrName, out var byName)) return byName;
        return ByPrefix(idOrName);
    }

    /// <summary>The one container whose id starts with <paramref name="prefix"/>, null for none; throws when several do.</summary>
    public Container? ByPrefix(string prefix)
    {
        if (string.IsNullOrEmpty(prefix)) throw WharfException.Invalid("prefix can't be empty");
        int first = LowerBound(prefix);
        if (first == _sortedIds.Length || !_sortedIds[first].StartsWith(prefix, StringComparison.Ordinal)) return null;
        if (first + 1 < _sortedIds.Length && _sortedIds[first + 1].StartsWith(prefix, StringComparison.Ordinal))
            throw WharfException.Invalid($"multiple IDs found with provided prefix: {UntrustedName.Show(prefix)}");
        return _byId[_sortedIds[first]];
    }

    /// <summary>Every container in the snapshot.</summary>
    public IReadOnlyCollection<Container> All => _byId.Values;

    public static WharfException NotFound(string idOrName) =>
        WharfException.NotFound($"No such container: {UntrustedName.Show(idOrName)}");

    private int LowerBound(string prefix)
    {
        int low = 0, high = _sortedIds.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (string.CompareOrdinal(_sortedIds[middle], prefix) < 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
