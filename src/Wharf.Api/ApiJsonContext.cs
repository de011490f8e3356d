using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Api.Types;

namespace Wharf.Api;

/// <summary>
/// The source-generated (AOT-safe) serializer for every wire type. Property names are the C#
/// names, which are Docker's; reading matches them case-insensitively, as Go's encoding/json does.
/// Use <see cref="ApiJson"/>, whose options also leave '&lt;', '&gt;' and '&amp;' unescaped as Go's API does.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ContainerPathStat))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(AuthConfig))]
[JsonSerializable(typeof(Dictionary<string, AuthConfig>))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(SystemDiskUsage))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerTopResponse))]
[JsonSerializable(typeof(ContainerStatsResponse))]
[JsonSerializable(typeof(List<FilesystemChange>))]
[JsonSerializable(typeof(ContainerPruneResponse))]
[JsonSerializable(typeof(NetworkPruneResponse))]
[JsonSerializable(typeof(VolumePruneResponse))]
[JsonSerializable(typeof(BuildCachePruneResponse))]
[JsonSerializable(typeof(ContainerUpdateResponse))]
[JsonSerializable(typeof(HostConfig))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ExecInspectResponse))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(List<HistoryResponseItem>))]
[JsonSerializable(typeof(List<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(ImagePruneResponse))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
