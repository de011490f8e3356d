using Wharf.Core;
using Wharf.Snapshots;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>The prefix of the temporary key a layer is unpacked under (see <c>ApplyLayerAsync</c>).</summary>
    internal const string ExtractKeyPrefix = "extract-";

    /// <summary>
    /// Startup repair after a crash: removes the active snapshots an unpack or a load left behind when
    /// it was killed between preparing a layer's temporary snapshot (<c>extract-&lt;guid&gt; &lt;chainID&gt;</c>,
    /// or <c>extract-&lt;guid&gt; early</c> for one a load unpacked as it read its archive) and committing it. The snapshotter keeps active snapshots across a restart (a container's
    /// writable layer is one), so only their maker can tell these are debris. Call it once after the
    /// stores are opened and before any unpack starts: an unpack running meanwhile would lose its
    /// temporary snapshot and fail. Returns the keys removed; idempotent.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (var snapshot in await snapshots.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Kind != SnapshotKind.Active || !IsExtractKey(snapshot.Name)) continue;
            try
            {
                await snapshots.RemoveAsync(snapshot.Name, cancellationToken).ConfigureAwait(false);
                removed.Add(snapshot.Name);
            }
            catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Gone already.
            }
        }
        return removed;
    }

    /// <summary>True for <c>extract-&lt;32 hex digits&gt; &lt;anything&gt;</c>, the keys unpack prepares.</summary>
    internal static bool IsExtractKey(string key)
    {
        const int guidLength = 32;
        if (!key.StartsWith(ExtractKeyPrefix, StringComparison.Ordinal)) return false;
        int end = ExtractKeyPrefix.Length + guidLength;
        return key.Length > end && key[end] == ' ' && key.AsSpan(ExtractKeyPrefix.Length, guidLength).ContainsAnyExcept("0123456789abcdef") == false;
    }
}
