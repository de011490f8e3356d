using System.Text;
using Wharf.Core;

namespace Wharf.Snapshots.Layers;

/// <summary>
/// The OCI image spec's ChainID: names a stack of layers by content, so identical stacks are
/// unpacked once. ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).
/// </summary>
public static class ChainId
{
    /// <summary>The ChainID of the whole stack (bottom layer first).</summary>
    public static Digest Compute(IReadOnlyList<Digest> diffIds)
    {
        if (diffIds.Count == 0) throw new ArgumentException("a chain needs at least one layer", nameof(diffIds));
        Digest chain = diffIds[0];
        for (int i = 1; i < diffIds.Count; i++) chain = Next(chain, diffIds[i]);
        return chain;
    }

    /// <summary>The ChainID of <paramref name="parent"/>'s stack with one more layer on top.</summary>
    public static Digest Next(Digest parent, Digest diffId) => Digest.Compute(Encoding.ASCII.GetBytes($"{parent} {diffId}"));
}
