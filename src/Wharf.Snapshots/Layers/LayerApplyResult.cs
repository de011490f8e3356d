using Wharf.Core.Images;
using Wharf.Core;

namespace Wharf.Snapshots.Layers;

/// <param name="DiffId">sha256 of the uncompressed tar stream (the image config's rootfs.diff_ids entry).</param>
/// <param name="Size">Bytes of the uncompressed tar stream.</param>
/// <param name="Compression">The compression found on the input.</param>
/// <param name="ContentSize">What Docker calls the layer's size: its files' bytes and symlinks' targets, each inode once (<see cref="LayerContentSize"/>).</param>
public sealed record LayerApplyResult(Digest DiffId, long Size, LayerCompression Compression, long ContentSize);
