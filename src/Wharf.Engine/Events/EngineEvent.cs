namespace Wharf.Engine.Events;

/// <summary>What `docker events` shows: a type (container, image, ...), an action and the object it concerns.</summary>
/// <param name="Type">"container", "image", "network", "volume".</param>
/// <param name="Action">"create", "start", "die", "destroy", "tag", "exec_start: sh", ...</param>
/// <param name="ActorId">The container ID or the image reference/ID.</param>
/// <param name="Attributes">name, image, exitCode, signal, the container's labels, ...</param>
/// <param name="Time">When it happened (the API reports seconds and nanoseconds).</param>
public sealed record EngineEvent(
    string Type,
    string Action,
    string ActorId,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset Time);
