using System.Text.Json.Serialization;
using Wharf.Shim.Protocol;

namespace Wharf.Shim;

/// <summary>
/// How a process ended: its exit code (128 + signal when a signal killed it), whether the
/// kernel's OOM killer was involved, and when. exit.json holds this for the container's init.
/// </summary>
public readonly record struct ExitStatus(
    int ExitCode,
    bool OomKilled,
    [property: JsonConverter(typeof(Rfc3339NanoConverter))] DateTimeOffset ExitedAt);

/// <summary>What the shim knows about its container: the init's pid (0 before start) and how it ended.</summary>
public sealed record ShimState(int Pid, bool Running, ExitStatus? Exit);
