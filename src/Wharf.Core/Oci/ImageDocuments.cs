using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Core.Images;

namespace Wharf.Core.Oci;

/// <summary>
/// Reads and writes image documents: manifests, indexes and configs. Input is untrusted (it comes
/// from registries and tar files): a document must be the kind the caller expects, with no
/// ambiguity (a manifest carrying "manifests", an index carrying "layers" is refused, as
/// containerd does since CVE-2021-41190), and anything malformed is an InvalidArgument naming what.
/// Callers bound the size before reading (manifests and configs are small).
/// </summary>
public static class ImageDocuments
{
    public static ImageManifest ParseManifest(ReadOnlySpan<byte> json)
    {
        var shape = Probe(json, "image manifest");
        if (shape.MediaType is not null && !MediaTypes.IsManifest(shape.MediaType))
            throw Invalid("image manifest", UnexpectedType(shape.MediaType));
        if (shape.HasManifests) throw Invalid("image manifest", "it has a \"manifests\" field, as an index has");
        if (!shape.HasConfig) throw Invalid("image manifest", "it has no config");

        var manifest = Deserialize(json, ImageJsonContext.Default.ImageManifest, "image manifest");
        CheckSchemaVersion(manifest.SchemaVersion, "image manifest");
        CheckDescriptor(manifest.Config, "image manifest");
        foreach (var layer in manifest.Layers ?? throw Invalid("image manifest", "layers is null"))
            CheckDescriptor(layer, "image manifest");
        return manifest;
    }

    public static ImageIndex ParseIndex(ReadOnlySpan<byte> json)
    {
        var shape = Probe(json, "image index");
        if (shape.MediaType is not null && !MediaTypes.IsIndex(shape.MediaType))
            throw Invalid("image index", UnexpectedType(shape.MediaType));
        if (shape.HasConfig || shape.HasLayers) throw Invalid("image index", "it has \"config\" or \"layers\", as a manifest has");

        var index = Deserialize(json, ImageJsonContext.Default.ImageIndex, "image index");
        CheckSchemaVersion(index.SchemaVersion, "image index");
        foreach (var manifest in index.Manifests ?? throw Invalid("image index", "manifests is null"))
            CheckDescriptor(manifest, "image index");
        return index;
    }

    public static ImageConfig ParseConfig(ReadOnlySpan<byte> json)
    {
        var config = Deserialize(json, ImageJsonContext.Default.ImageConfig, "image config");
        if (config.RootFs is null) throw Invalid("image config", "rootfs is null");
        if (config.RootFs.DiffIds is null) throw Invalid("image config", "rootfs.diff_ids is null");
        return config;
    }

    public static byte[] Serialize(ImageManifest manifest) => Write(manifest, ImageJsonContext.Default.ImageManifest);

    public static byte[] Serialize(ImageIndex index) => Write(index, ImageJsonContext.Default.ImageIndex);

    public static byte[] Serialize(ImageConfig config) => Write(config, ImageJsonContext.Default.ImageConfig);

    /// <summary>
    /// What kind of document this is: its "mediaType" if it declares one, else inferred from its
    /// fields ("manifests": an OCI index; "config": an OCI manifest). Null when it is neither,
    /// or not JSON.
    /// </summary>
    public static string? DetectMediaType(ReadOnlySpan<byte> json)
    {
        DocumentShape shape;
        try
        {
            shape = Probe(json, "document");
        }
        catch (WharfException)
        {
            return null;
        }
        if (shape.MediaType is not null) return shape.MediaType;
        if (shape.HasManifests && !shape.HasConfig && !shape.HasLayers) return MediaTypes.OciIndex;
        if (shape.HasConfig && !shape.HasManifests) return MediaTypes.OciManifest;
        return null;
    }

    // Media types carry '+', which the default encoder writes as \u002B; Docker and registries
    // write it plainly, and these bytes are hashed into digests that people compare.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Write<T>(T document, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            JsonSerializer.Serialize(writer, document, type);
        return buffer.WrittenSpan.ToArray();
    }

    private readonly record struct DocumentShape(string? MediaType, bool HasManifests, bool HasConfig, bool HasLayers);

    /// <summary>The top-level fields that say what a document is, without deserializing it.</summary>
    private static DocumentShape Probe(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Invalid(what, "not a JSON object");
            string? mediaType = null;
            bool manifests = false, config = false, layers = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("mediaType"u8))
                {
                    reader.Read();
                    mediaType = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    manifests |= reader.ValueTextEquals("manifests"u8);
                    config |= reader.ValueTextEquals("config"u8);
                    layers |= reader.ValueTextEquals("layers"u8);
                    reader.Read();
                    reader.Skip();
                }
            }
            return new DocumentShape(mediaType, manifests, config, layers);
        }
        catch (JsonException e)
        {
            throw Invalid(what, e.Message, e);
        }
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw Invalid(what, "it is null");
        }
        catch (JsonException e)
        {
            throw Invalid(what, e.Message, e);
        }
    }

    private static void CheckSchemaVersion(int version, string what)
    {
        if (version != 2) throw Invalid(what, $"schemaVersion is {version}, only 2 is supported");
    }

    private static void CheckDescriptor(Descriptor? descriptor, string what)
    {
        if (descriptor is null) throw Invalid(what, "a descriptor is null");
        if (descriptor.Size < 0) throw Invalid(what, $"descriptor {descriptor.Digest} has a negative size");
    }

    private static string UnexpectedType(string mediaType) =>
        mediaType is MediaTypes.DockerSchema1Manifest or MediaTypes.DockerSchema1SignedManifest
            ? "Docker image manifest version 2, schema 1 is not supported"
            : $"unexpected media type {Shorten(mediaType)}";

    private static string Shorten(string text) => text.Length > 128 ? text[..128] + "..." : text;

    private static WharfException Invalid(string what, string reason, Exception? inner = null) =>
        WharfException.Invalid($"invalid {what}: {reason}", inner);
}
