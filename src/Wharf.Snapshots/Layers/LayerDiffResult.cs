using Wharf.Core.Images;
using Wharf.Core;

namespace Wharf.Snapshots.Layers;

/// <param name="DiffId">sha256 of the uncompressed tar.</param>
/// <param name="UncompressedSize">Bytes of the uncompressed tar.</param>
/// <param name="Digest">sha256 of the bytes written to the output (the layer blob); equals DiffId when uncompressed.</param>
/// <param name="Size">Bytes written to the output.</param>
public sealed record LayerDiffResult(Digest DiffId, long UncompressedSize, Digest Digest, long Size, LayerCompression Compression);
