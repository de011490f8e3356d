namespace Wharf.Runtime.Seccomp;

/// <summary>A run of syscall numbers, from <see cref="First"/> up to the next range's first, sharing one outcome.</summary>
internal readonly record struct SyscallRange(uint First, SyscallOutcome Outcome);

/// <summary>
/// The rules of a profile resolved to the syscall numbers of one ABI, and the ranges of numbers
/// the filter searches. Names the ABI's table lacks are skipped, as runc skips names libseccomp
/// cannot resolve.
/// </summary>
internal sealed class AbiPolicy(SyscallAbi abi)
{
    private readonly Dictionary<uint, List<SyscallRule>> _rules = [];
    private uint? _highestNamed;

    public SyscallAbi Abi { get; } = abi;

    /// <param name="isDefault">The rule's action is the default action: it only counts for the
    /// -ENOSYS stub, since it changes nothing (runc drops such rules too).</param>
    public void Add(string name, SyscallRule rule, bool isDefault)
    {
        if (!Abi.Table.TryGetNumber(name, out uint number)) return;
        _highestNamed = Math.Max(_highestNamed ?? 0, number);
        if (isDefault) return;
        if (!_rules.TryGetValue(number, out var rules)) _rules[number] = rules = [];
        rules.Add(rule);
    }

    /// <summary>
    /// Ranges covering all of the ABI's numbers in order; neighbours with the same fixed action
    /// are merged. Like runc's -ENOSYS stub, numbers above the highest the profile names answer
    /// ENOSYS unless the default action already lets syscalls through: a syscall newer than the
    /// profile then looks unimplemented, and libc falls back to an older one.
    /// </summary>
    public IReadOnlyList<SyscallRange> Ranges(uint defaultAction)
    {
        var ranges = new List<SyscallRange>();
        var fallback = new FixedOutcome(defaultAction);
        Append(Abi.Lowest, fallback);
        foreach (uint number in _rules.Keys.Order())
        {
            Append(number, Outcome(_rules[number], defaultAction));
            if (number < Abi.Highest) Append(number + 1, fallback);
        }
        if (!SeccompReturn.Permits(defaultAction) && _highestNamed is uint highest && highest < Abi.Highest)
            Append(highest + 1, new FixedOutcome(SeccompReturn.ErrnoOf(SeccompReturn.ENOSYS)));
        return ranges;

        void Append(uint first, SyscallOutcome outcome)
        {
            if (ranges.Count > 0 && ranges[^1].First == first) ranges.RemoveAt(ranges.Count - 1);
            if (ranges.Count > 0 && outcome is FixedOutcome && ranges[^1].Outcome == outcome) return;
            ranges.Add(new SyscallRange(first, outcome));
        }
    }

    /// <summary>Rules after an unconditional one can never match, so the chain stops there.</summary>
    private static SyscallOutcome Outcome(List<SyscallRule> rules, uint defaultAction)
    {
        if (rules[0].IsUnconditional) return new FixedOutcome(rules[0].Action);
        var chain = new List<SyscallRule>();
        foreach (var rule in rules)
        {
            if (rule.IsUnconditional)
                return chain.Count == 0 ? new FixedOutcome(rule.Action) : new RuleChainOutcome(chain, rule.Action);
            chain.Add(rule);
        }
        return new RuleChainOutcome(chain, defaultAction);
    }
}
