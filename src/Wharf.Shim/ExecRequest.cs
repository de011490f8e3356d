using Wharf.Core.Oci;

namespace Wharf.Shim;

/// <summary>
/// One exec: an id unique within the container, the OCI process to run, a pty or pipes, whether
/// stdin is wired, and whether the caller detaches (stdio from /dev/null, no stream).
/// </summary>
public sealed record ExecRequest(string ExecId, ProcessSpec Process, bool Tty, bool Stdin, bool Detach);
