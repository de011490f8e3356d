using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// The bytes in the container's writable layer (docker's SizeRw): what it wrote, created or
    /// copied up over its image. Walks the layer's directory, so only asked for on request (ps -s).
    /// A container without a writable layer (being removed) has none.
    /// </summary>
    public async Task<long> WritableSizeAsync(Container record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return (await _snapshots.UsageAsync(ContainerPaths.SnapshotKey(record), cancellationToken).ConfigureAwait(false)).Size;
        }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
        {
            return 0;
        }
    }
}
