using Wharf.Cli.CommandLine;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Options;

/// <summary>--memory-swap: a byte count like --memory, or -1 for unlimited swap (docker's MemSwapBytes); help shows "bytes".</summary>
internal sealed class MemorySwapFlag(string name, string usage) : Flag<long>(name, null, usage, 0)
{
    public override string TypeName => "bytes";
    public override string? DefaultText => null;
    protected override void Apply(string text) => Value = text == "-1" ? -1 : Units.RamInBytes(text);
}
