namespace Wharf.Core.Images;

/// <summary>How a layer tar is compressed, as its media type says.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
