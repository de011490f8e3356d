namespace Wharf.Runtime.Seccomp;

/// <summary>One system call of an ABI: its name and the number the kernel reports in seccomp_data.nr.</summary>
internal readonly record struct SyscallEntry(string Name, uint Number);

/// <summary>
/// Syscall names to numbers for one ABI. The tables themselves are generated from the kernel
/// headers by scripts/gen-syscall-table.sh (SyscallTable.*.g.cs).
/// </summary>
internal sealed partial class SyscallTable
{
    private readonly Func<string, uint?> _number;
    private readonly Func<SyscallEntry[]> _entries;
    private SyscallEntry[]? _list;

    private SyscallTable(string abi, Func<string, uint?> number, Func<SyscallEntry[]> entries)
    {
        Abi = abi;
        _number = number;
        _entries = entries;
    }

    public string Abi { get; }

    /// <summary>Every syscall of the ABI, by number.</summary>
    public IReadOnlyList<SyscallEntry> Entries => _list ??= _entries();

    /// <summary>False for names the ABI does not have (or that are newer than the table).</summary>
    public bool TryGetNumber(string name, out uint number)
    {
        uint? found = _number(name);
        number = found.GetValueOrDefault();
        return found.HasValue;
    }
}
