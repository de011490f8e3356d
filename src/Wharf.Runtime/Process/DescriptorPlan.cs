namespace Wharf.Runtime.Process;

/// <summary>
/// Chooses where inherited descriptors land in the child: above every source descriptor and
/// above the preserved ones, so the posix_spawn dup2 sequence never overwrites a source and
/// never dups a descriptor onto itself (which would keep it close-on-exec). Stdio given
/// explicitly (a host that holds the process's pipes itself) lands on 0-2 after the other moves.
/// </summary>
internal sealed class DescriptorPlan
{
    private readonly List<(int Child, int Parent)> _moves = [];
    private readonly List<int> _sources = [];
    private readonly List<(int Child, int Parent)> _stdio = [];
    private readonly int _preserveFds;

    public DescriptorPlan(int preserveFds)
    {
        _preserveFds = preserveFds;
        // Preserved descriptors pass through at their own numbers, without a move.
    }

    public void Add(int parentFd) => _sources.Add(parentFd);

    /// <summary>The child's fd <paramref name="childFd"/> (0, 1 or 2) is the parent's <paramref name="parentFd"/> (above 2).</summary>
    public void AddStdio(int childFd, int parentFd)
    {
        if (childFd is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(childFd), childFd, "stdio is fd 0, 1 or 2");
        // A source in 0-2 could be overwritten by another stdio move before it is copied.
        if (parentFd <= 2) throw new ArgumentOutOfRangeException(nameof(parentFd), parentFd, "stdio sources must be above 2");
        _stdio.Add((childFd, parentFd));
    }

    /// <summary>Fixes the numbers; returns the child number for each source in the order added.</summary>
    public IReadOnlyList<(int Child, int Parent)> Build(out Dictionary<int, int> childOf)
    {
        int next = Math.Max(_sources.Concat(_stdio.Select(s => s.Parent)).DefaultIfEmpty(0).Max(), 2 + _preserveFds) + 1;
        childOf = [];
        foreach (int source in _sources)
        {
            childOf[source] = next;
            _moves.Add((next, source));
            next++;
        }
        // Last: every other source is above 2 and the targets are above every source, so none is clobbered.
        _moves.AddRange(_stdio);
        return _moves;
    }
}
