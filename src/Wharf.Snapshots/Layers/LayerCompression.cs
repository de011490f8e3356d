namespace Wharf.Snapshots.Layers;

/// <summary>How a layer blob is compressed (the media type's +gzip / +zstd suffix).</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
