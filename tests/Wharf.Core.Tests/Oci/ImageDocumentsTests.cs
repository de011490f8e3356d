using System.Text;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Core.Tests.Oci;

public class ImageDocumentsTests
{
    private const string ConfigDigest = "sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741";
    private const string Layer1 = "sha256:a307d6d3c0b4ba4e1d7e4f5e2c5ce8d4c9d0f1d1a3e6b8c2f9d4e5a6b7c8d9e0";
    private const string Layer2 = "sha256:b307d6d3c0b4ba4e1d7e4f5e2c5ce8d4c9d0f1d1a3e6b8c2f9d4e5a6b7c8d9e0";

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    // As Docker Hub serves it.
    private static readonly string DockerManifest = $$$"""
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1457,
              "digest": "{{{ConfigDigest}}}"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 2220094,
                 "digest": "{{{Layer1}}}"
              },
              {
                 "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
                 "size": 5,
                 "digest": "{{{Layer2}}}",
                 "urls": ["https://example.com/layer"]
              }
           ]
        }
        """;

    [Fact]
    public void Reads_a_docker_schema2_manifest()
    {
        var manifest = ImageDocuments.ParseManifest(Json(DockerManifest));
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, manifest.Config.MediaType);
        Assert.Equal(Digest.Parse(ConfigDigest), manifest.Config.Digest);
        Assert.Equal(1457, manifest.Config.Size);
        Assert.Equal(2, manifest.Layers.Count);
        Assert.Equal(LayerCompression.Gzip, MediaTypes.LayerCompressionOf(manifest.Layers[0].MediaType));
        Assert.True(MediaTypes.IsForeignLayer(manifest.Layers[1].MediaType));
        Assert.Equal(["https://example.com/layer"], manifest.Layers[1].Urls!);
        Assert.Equal(MediaTypes.DockerManifest, ImageDocuments.DetectMediaType(Json(DockerManifest)));
    }

    [Fact]
    public void Reads_an_oci_manifest_with_annotations_and_subject()
    {
        string json = $$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "artifactType":"application/vnd.example.sbom",
             "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{{ConfigDigest}}}","size":2,"data":"e30="},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"{{{Layer1}}}","size":10,
                        "annotations":{"org.opencontainers.image.title":"layer"}}],
             "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Layer2}}}","size":7},
             "annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"}}
            """;
        var manifest = ImageDocuments.ParseManifest(Json(json));
        Assert.Equal("application/vnd.example.sbom", manifest.ArtifactType);
        Assert.Equal("e30=", manifest.Config.Data);
        Assert.Equal(LayerCompression.Zstd, MediaTypes.LayerCompressionOf(manifest.Layers[0].MediaType));
        Assert.Equal("layer", manifest.Layers[0].Annotations!["org.opencontainers.image.title"]);
        Assert.Equal(Digest.Parse(Layer2), manifest.Subject!.Digest);
        Assert.Equal("2024-01-01T00:00:00Z", manifest.Annotations!["org.opencontainers.image.created"]);
    }

    [Fact]
    public void Reads_a_manifest_list_and_an_oci_index_into_the_same_record()
    {
        string list = $$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,"digest":"{{{Layer1}}}",
               "platform":{"architecture":"amd64","os":"linux"}},
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,"digest":"{{{Layer2}}}",
               "platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}
            """;
        var index = ImageDocuments.ParseIndex(Json(list));
        Assert.Equal(MediaTypes.DockerManifestList, index.MediaType);
        Assert.Equal(2, index.Manifests.Count);
        Assert.Equal(Platform.Parse("linux/arm64/v8"), index.Manifests[1].Platform);
        Assert.Equal(index.Manifests[0], PlatformMatcher.Only(Platform.Parse("linux/amd64")).SelectBest(index.Manifests));

        string oci = $$$"""
            {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"{{{Layer1}}}",
              "platform":{"architecture":"amd64","os":"windows","os.version":"10.0.17763.1234","os.features":["win32k"]}}]}
            """;
        var ociIndex = ImageDocuments.ParseIndex(Json(oci));
        Assert.Null(ociIndex.MediaType); // optional in OCI, and absent here
        Assert.Equal("10.0.17763.1234", ociIndex.Manifests[0].Platform!.OSVersion);
        Assert.Equal(["win32k"], ociIndex.Manifests[0].Platform!.OSFeatures!);
        Assert.Equal(MediaTypes.OciIndex, ImageDocuments.DetectMediaType(Json(oci)));
    }

    // A Docker-built config: Docker's extra fields, nanosecond timestamps, PascalCase inside "config".
    private static readonly string DockerConfig = $$$"""
        {"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"nobody","AttachStdin":false,
          "ExposedPorts":{"80/tcp":{},"53/udp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
          "Cmd":["sh"],"Entrypoint":null,"Volumes":{"/data":{}},"WorkingDir":"/srv","Labels":{"maintainer":"me"},
          "StopSignal":"SIGQUIT","ArgsEscaped":true,"OnBuild":null,"Shell":["/bin/sh","-c"],
          "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":30000000000,"Retries":3}},
         "container":"0123456789ab","container_config":{"Cmd":["/bin/sh","-c","#(nop) CMD [\"sh\"]"]},
         "created":"2023-05-19T20:19:24.123456789Z","docker_version":"20.10.23","author":"someone",
         "history":[{"created":"2023-05-19T20:19:23.906383713Z","created_by":"/bin/sh -c #(nop) ADD file:abc in / "},
                    {"created":"2023-05-19T20:19:24.123456789Z","created_by":"/bin/sh -c #(nop)  CMD [\"sh\"]","empty_layer":true}],
         "os":"linux","rootfs":{"type":"layers","diff_ids":["{{{Layer1}}}"]}}
        """;

    [Fact]
    public void Reads_a_docker_image_config_with_its_exact_field_names()
    {
        var config = ImageDocuments.ParseConfig(Json(DockerConfig));
        Assert.Equal(new Platform { OS = "linux", Architecture = "amd64" }, config.Platform);
        Assert.Equal(new DateTimeOffset(2023, 5, 19, 20, 19, 24, TimeSpan.Zero).AddTicks(1234567), config.Created);
        Assert.Equal("someone", config.Author);
        Assert.Equal("20.10.23", config.DockerVersion);

        var run = config.Config!;
        Assert.Equal("nobody", run.User);
        Assert.Equal(["sh"], run.Cmd!);
        Assert.Null(run.Entrypoint);
        Assert.Equal(["53/udp", "80/tcp"], run.ExposedPorts!.Keys.Order());
        Assert.Equal(["/data"], run.Volumes!.Keys);
        Assert.Equal("/srv", run.WorkingDir);
        Assert.Equal("me", run.Labels!["maintainer"]);
        Assert.Equal("SIGQUIT", run.StopSignal);
        Assert.True(run.ArgsEscaped);
        Assert.Equal(["/bin/sh", "-c"], run.Shell!);
        Assert.Equal(30_000_000_000, run.Healthcheck!.Interval);
        Assert.Equal(3, run.Healthcheck.Retries);
        Assert.True(run.Extra!.ContainsKey("Hostname"));

        Assert.Equal([Digest.Parse(Layer1)], config.RootFs.DiffIds);
        Assert.Equal("layers", config.RootFs.Type);
        Assert.Equal(2, config.History!.Count);
        Assert.StartsWith("/bin/sh -c #(nop) ADD", config.History[0].CreatedBy);
        Assert.False(config.History[0].EmptyLayer);
        Assert.True(config.History[1].EmptyLayer);
        Assert.True(config.Extra!.ContainsKey("container_config"));
    }

    [Fact]
    public void Writes_a_config_that_reads_back_the_same_with_the_specs_names()
    {
        var config = ImageDocuments.ParseConfig(Json(DockerConfig));
        byte[] written = ImageDocuments.Serialize(config);
        string text = Encoding.UTF8.GetString(written);

        foreach (string name in new[] { "\"diff_ids\"", "\"created_by\"", "\"empty_layer\":true", "\"Cmd\"", "\"ExposedPorts\":{\"80/tcp\":{}",
                     "\"WorkingDir\"", "\"container_config\"", "\"docker_version\"", "\"Hostname\"", "\"created\":\"2023-05-19T20:19:24.1234567Z\"" })
            Assert.Contains(name, text);
        Assert.DoesNotContain("\"empty_layer\":false", text);
        Assert.DoesNotContain("null", text);

        var again = ImageDocuments.ParseConfig(written);
        Assert.Equal(config.Created, again.Created);
        Assert.Equal(config.RootFs.DiffIds, again.RootFs.DiffIds);
        Assert.Equal(config.Config!.Cmd, again.Config!.Cmd);
        Assert.Equal(config.History!.Select(h => h.CreatedBy), again.History!.Select(h => h.CreatedBy));
        Assert.Equal(written, ImageDocuments.Serialize(again)); // stable: the same bytes, so the same image ID
    }

    [Fact]
    public void Writes_manifests_and_indexes_in_oci_form()
    {
        var manifest = new ImageManifest
        {
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Parse(ConfigDigest), Size = 10 },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Parse(Layer1), Size = 20 }],
        };
        string text = Encoding.UTF8.GetString(ImageDocuments.Serialize(manifest));
        Assert.Equal(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{ConfigDigest}}}","size":10},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{Layer1}}}","size":20}]}""",
            text);

        var index = new ImageIndex
        {
            Manifests = [new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Parse(Layer2), Size = 30, Platform = Platform.Parse("linux/arm64/v8") }],
        };
        var back = ImageDocuments.ParseIndex(ImageDocuments.Serialize(index));
        Assert.Equal(MediaTypes.OciIndex, back.MediaType);
        Assert.Equal(index.Manifests[0].Platform, back.Manifests[0].Platform);
        Assert.Contains("\"variant\":\"v8\"", Encoding.UTF8.GetString(ImageDocuments.Serialize(index)));
    }

    [Fact]
    public void Reads_timestamps_in_the_forms_go_writes()
    {
        foreach (var (text, expected) in new[]
                 {
                     ("2023-05-19T20:19:24Z", new DateTimeOffset(2023, 5, 19, 20, 19, 24, TimeSpan.Zero)),
                     ("2023-05-19T20:19:24.5+02:00", new DateTimeOffset(2023, 5, 19, 20, 19, 24, 500, TimeSpan.FromHours(2))),
                     ("0001-01-01T00:00:00Z", DateTimeOffset.MinValue),
                 })
        {
            var config = ImageDocuments.ParseConfig(Json($$$"""{"created":"{{{text}}}","rootfs":{"type":"layers","diff_ids":[]}}"""));
            Assert.Equal(expected, config.Created);
        }
        Assert.Throws<WharfException>(() => ImageDocuments.ParseConfig(Json("""{"created":"yesterday","rootfs":{"type":"layers","diff_ids":[]}}""")));
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","manifests":[],"config":{"digest":"sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741","size":1},"layers":[]}""", "it has a \"manifests\" field")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","layers":[]}""", "unexpected media type application/vnd.oci.image.index.v1+json")]
    [InlineData("""{"schemaVersion":1,"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws","fsLayers":[]}""", "schema 1 is not supported")]
    [InlineData("""{"schemaVersion":1,"config":{"digest":"sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741","size":1},"layers":[]}""", "schemaVersion is 1")]
    [InlineData("""{"schemaVersion":2,"layers":[]}""", "it has no config")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:../../etc/passwd","size":1},"layers":[]}""", "invalid digest")]
    [InlineData("""{"schemaVersion":2,"config":{"size":1},"layers":[]}""", "digest")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741","size":-1},"layers":[]}""", "negative size")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741","size":1},"layers":null}""", "layers is null")]
    [InlineData("""[1,2,3]""", "not a JSON object")]
    [InlineData("""{"schemaVersion":2,""", "invalid image manifest")]
    [InlineData("", "invalid image manifest")]
    public void Refuses_a_bad_or_ambiguous_manifest(string json, string reason)
    {
        var error = Assert.Throws<WharfException>(() => ImageDocuments.ParseManifest(Json(json)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid image manifest: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"manifests":[],"config":{"digest":"sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741","size":1}}""", "as a manifest has")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","manifests":[]}""", "unexpected media type")]
    [InlineData("""{"schemaVersion":2,"manifests":[null]}""", "a descriptor is null")]
    [InlineData("""{"schemaVersion":2,"manifests":[{"digest":"md5:d41d8cd98f00b204e9800998ecf8427e","size":1}]}""", "invalid digest")]
    public void Refuses_a_bad_or_ambiguous_index(string json, string reason)
    {
        var error = Assert.Throws<WharfException>(() => ImageDocuments.ParseIndex(Json(json)));
        Assert.StartsWith("invalid image index: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("""{"rootfs":{"type":"layers","diff_ids":["sha256:nothex"]}}""", "invalid digest")]
    [InlineData("""{"rootfs":null}""", "rootfs is null")]
    [InlineData("""{"config":{"Cmd":"sh"},"rootfs":{"type":"layers","diff_ids":[]}}""", "invalid image config")]
    [InlineData("not json", "invalid image config")]
    public void Refuses_a_bad_config(string json, string reason)
    {
        var error = Assert.Throws<WharfException>(() => ImageDocuments.ParseConfig(Json(json)));
        Assert.StartsWith("invalid image config: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("""{"mediaType":"application/vnd.oci.image.index.v1+json"}""", MediaTypes.OciIndex)]
    [InlineData("""{"schemaVersion":2,"config":{},"layers":[]}""", MediaTypes.OciManifest)]
    [InlineData("""{"manifests":[]}""", MediaTypes.OciIndex)]
    [InlineData("""{"manifests":[],"layers":[]}""", null)]
    [InlineData("""{"architecture":"amd64","rootfs":{}}""", null)]
    [InlineData("""not json""", null)]
    [InlineData("", null)]
    public void Detects_what_a_document_is(string json, string? mediaType)
    {
        Assert.Equal(mediaType, ImageDocuments.DetectMediaType(Json(json)));
    }

    [Fact]
    public void Classifies_media_types()
    {
        Assert.True(MediaTypes.IsManifest(MediaTypes.OciManifest));
        Assert.True(MediaTypes.IsManifest(MediaTypes.DockerManifest));
        Assert.False(MediaTypes.IsManifest(MediaTypes.OciIndex));
        Assert.True(MediaTypes.IsIndex(MediaTypes.DockerManifestList));
        Assert.True(MediaTypes.IsConfig(MediaTypes.DockerConfig));
        Assert.True(MediaTypes.IsLayer(MediaTypes.DockerLayer));
        Assert.False(MediaTypes.IsLayer(MediaTypes.OciConfig));
        Assert.False(MediaTypes.IsLayer(null));
        Assert.Equal(LayerCompression.None, MediaTypes.LayerCompressionOf(MediaTypes.OciLayer));
        Assert.Equal(LayerCompression.Gzip, MediaTypes.LayerCompressionOf(MediaTypes.DockerForeignLayer));
        Assert.Null(MediaTypes.LayerCompressionOf("text/plain"));
    }
}
