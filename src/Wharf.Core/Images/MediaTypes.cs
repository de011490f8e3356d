namespace Wharf.Core.Images;

/// <summary>
/// The media types of image content: OCI image-spec and the Docker schema2 types that predate it.
/// Both families are read; OCI is what Wharf writes by default.
/// </summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    /// <summary>The spec's empty descriptor (`{}`), the config of artifacts that have none.</summary>
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    // Non-distributable ("foreign") layers: deprecated by the spec but still in old Windows images.
    public const string OciForeignLayer = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciForeignLayerGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciForeignLayerZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    // Schema 1 is long gone from registries; named only to refuse it with a clear message.
    public const string DockerSchema1Manifest = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1SignedManifest = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>A single-platform image manifest, OCI or Docker schema2.</summary>
    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>A multi-platform index, OCI image index or Docker manifest list.</summary>
    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsConfig(string? mediaType) => mediaType is OciConfig or DockerConfig;

    public static bool IsLayer(string? mediaType) => mediaType is not null && LayerCompressionOf(mediaType) is not null;

    /// <summary>Layers whose blob lives at the descriptor's URLs, not in the registry (nor pushed to it).</summary>
    public static bool IsForeignLayer(string? mediaType) =>
        mediaType is DockerForeignLayer or OciForeignLayer or OciForeignLayerGzip or OciForeignLayerZstd;

    /// <summary>The compression of a layer media type; null when the type is not a layer.</summary>
    public static LayerCompression? LayerCompressionOf(string mediaType) => mediaType switch
    {
        OciLayer or OciForeignLayer or DockerLayer => LayerCompression.None,
        OciLayerGzip or OciForeignLayerGzip or DockerLayerGzip or DockerForeignLayer => LayerCompression.Gzip,
        OciLayerZstd or OciForeignLayerZstd => LayerCompression.Zstd,
        _ => null,
    };
}
