using Wharf.Core;

namespace Wharf.Containers;

/// <summary>What `docker ps` asks for: all or running only, a limit, and filters.</summary>
public sealed record ContainerListOptions
{
    /// <summary>Stopped containers too (`-a`).</summary>
    public bool All { get; init; }

    /// <summary>The newest N containers (`-n`/`--last`), running or not; 0 or less for no limit.</summary>
    public int Limit { get; init; }

    public ContainerFilters Filters { get; init; } = ContainerFilters.None;
}

/// <summary>
/// Docker's container listing (moby's daemon/list.go): newest first, filtered, limited.
/// </summary>
public static class ContainerList
{
    /// <summary>
    /// The containers `docker ps` with <paramref name="options"/> shows, newest first.
    /// </summary>
    /// <param name="imageIds">For the ancestor filter: the ids of the image a reference names and
    /// of every image built on it; empty when it names none (Docker then ignores that value).</param>
    /// <exception cref="WharfException">NotFound when before/since name no container.</exception>
    public static async Task<IReadOnlyList<Container>> SelectAsync(
        IReadOnlyCollection<Container> containers,
        ContainerListOptions options,
        Func<string, CancellationToken, Task<IReadOnlyCollection<string>>>? imageIds = null,
        CancellationToken cancellationToken = default)
    {
        var filters = options.Filters;
        bool all = options.All || filters.ImpliesAll;
        var resolver = new ContainerResolver(containers);
        string? before = Boundary(resolver, filters.Get("before"));
        string? since = Boundary(resolver, filters.Get("since"));

        HashSet<string>? ancestors = null;
        if (filters.Contains("ancestor"))
        {
            ancestors = new HashSet<string>(StringComparer.Ordinal);
            foreach (string reference in filters.Ancestors)
            {
                if (imageIds is null) continue;
                foreach (string id in await imageIds(reference, cancellationToken).ConfigureAwait(false))
                    ancestors.Add(id);
            }
        }

        var selected = new List<Container>();
        foreach (var container in Candidates(containers, resolver, filters))
        {
            if (before is not null)
            {
                if (container.Id == before) before = null;
                continue;
            }
            if (since is not null && container.Id == since) break;
            if (!container.State.IsRunning && !all && options.Limit <= 0) continue;
            if (!filters.MatchesName(container.Name) || !filters.MatchesId(container.Id)) continue;
            if (filters.IsTask == true) continue; // no container is a swarm task
            if (!filters.MatchesLabels(container.Config.Labels)) continue;
            if (options.Limit > 0 && selected.Count == options.Limit) break;
            if (filters.ExitCodes.Count > 0
                && !(filters.ExitCodes.Contains(container.State.ExitCode) && !container.State.IsRunning && container.State.StartedAt is not null))
                continue;
            if (!filters.ExactMatch("status", container.State.StatusName)) continue;
            if (!filters.ExactMatch("health", "none")) continue; // healthchecks are not run: every container is "none"
            if (filters.Contains("volume") && !MountsAny(container, filters.Get("volume"))) continue;
            if (ancestors is not null && !ancestors.Contains(container.ImageId)) continue;
            if (filters.Contains("network") && !JoinsAny(container, filters.Get("network"))) continue;
            if ((filters.Published.Count > 0 || filters.Exposed.Count > 0) && !HasPort(container, filters)) continue;
            selected.Add(container);
        }
        return selected;
    }

    /// <summary>
    /// With id or name filters, Docker first narrows to the containers whose id has a value as
    /// its unique prefix, or whose name matches; an ambiguous prefix narrows to nothing.
    /// </summary>
    private static IEnumerable<Container> Candidates(IReadOnlyCollection<Container> containers, ContainerResolver resolver, ContainerFilters filters)
    {
        var ids = filters.Get("id");
        var names = filters.Get("name");
        if (ids.Count + names.Count == 0) return NewestFirst(containers);

        var matches = new Dictionary<string, Container>(StringComparer.Ordinal);
        foreach (string id in ids)
        {
            try
            {
                if (id.Length > 0 && resolver.ByPrefix(id) is { } found) matches[found.Id] = found;
            }
            catch (WharfException)
            {
                // ambiguous: Docker's GetByPrefix fails, and the value matches nothing
            }
        }
        if (names.Count > 0)
        {
            foreach (var container in containers)
            {
                if (ids.Count > 0 && !matches.ContainsKey(container.Id)) continue;
                if (filters.MatchesName(container.Name)) matches[container.Id] = container;
            }
        }
        return NewestFirst(matches.Values);
    }

    private static IEnumerable<Container> NewestFirst(IEnumerable<Container> containers) =>
        containers.OrderByDescending(c => c.Created).ThenBy(c => c.Id, StringComparer.Ordinal);

    /// <summary>The id of the container a before/since value names (full id, name or unique prefix).</summary>
    private static string? Boundary(ContainerResolver resolver, IReadOnlyCollection<string> values)
    {
        string? id = null;
        foreach (string value in values)
            id = (resolver.TryResolve(value) ?? throw ContainerResolver.NotFound(value)).Id;
        return id;
    }

    private static bool MountsAny(Container container, IReadOnlyCollection<string> values) =>
        container.Mounts is { } mounts && mounts.Any(m =>
            values.Contains(m.Destination) || values.Contains(m.Name.Length > 0 ? m.Name : m.Source));

    private static bool JoinsAny(Container container, IReadOnlyCollection<string> values) =>
        container.Networks is { } networks && values.Any(value =>
            networks.ContainsKey(value) || networks.Values.Any(n => n.NetworkId.Length > 0 && n.NetworkId.StartsWith(value, StringComparison.Ordinal)));

    /// <summary>
    /// Docker matches the ports of the container's network settings, which only a running
    /// container has: its exposed ports, and the host ports of its published ones.
    /// </summary>
    private static bool HasPort(Container container, ContainerFilters filters)
    {
        if (!container.State.IsRunning) return false;
        var bindings = container.HostSettings.PortBindings ?? new Dictionary<string, IReadOnlyList<PortBinding>>();
        var exposed = (container.Config.ExposedPorts?.Keys ?? []).Concat(bindings.Keys);
        foreach (string port in exposed)
        {
            string normalized = port.Contains('/') ? port : port + "/tcp";
            string proto = normalized[(normalized.IndexOf('/') + 1)..];
            if (filters.Exposed.Contains(normalized)) return true;
            if (!bindings.TryGetValue(port, out var hosts)) continue;
            foreach (var binding in hosts)
            {
                string hostPort = binding.HostPort.Split('-')[0];
                if (hostPort.Length > 0 && filters.Published.Contains($"{hostPort}/{proto}")) return true;
            }
        }
        return false;
    }
}
