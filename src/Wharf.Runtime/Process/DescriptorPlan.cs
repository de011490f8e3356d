namespace Wharf.Runtime.Process;

/// <summary>
/// Chooses where inherited descriptors land in the child: above every source descriptor and
/// above the preserved ones, so the posix_spawn dup2 sequence never overwrites a source and
/// never dups a descriptor onto itself (which would keep it close-on-exec).
/// </summary>
internal sealed class DescriptorPlan
{
    private readonly List<(int Child, int Parent)> _moves = [];
    private readonly List<int> _sources = [];
    private readonly int _preserveFds;

    public DescriptorPlan(int preserveFds)
    {
        _preserveFds = preserveFds;
        // Preserved descriptors pass through at their own numbers, without a move.
    }

    public void Add(int parentFd) => _sources.Add(parentFd);

    /// <summary>Fixes the numbers; returns the child number for each source in the order added.</summary>
    public IReadOnlyList<(int Child, int Parent)> Build(out Dictionary<int, int> childOf)
    {
        int next = Math.Max(_sources.DefaultIfEmpty(0).Max(), 2 + _preserveFds) + 1;
        childOf = [];
        foreach (int source in _sources)
        {
            childOf[source] = next;
            _moves.Add((next, source));
            next++;
        }
        return _moves;
    }
}
