using Wharf.Core;

namespace Wharf.Engine.Containers;

/// <summary>
/// A start that failed, in Docker's terms: the message dockerd gives (the runtime's own words inside),
/// and the exit code it records — 127 for a missing executable, 126 for one that cannot run, else 128.
/// The CLI derives `docker run`'s exit code from the same words.
/// </summary>
internal sealed record StartFailure(int ExitCode, string Message, WharfException Exception)
{
    public static StartFailure From(Exception error)
    {
        string detail = error.Message;
        string message = $"failed to create task for container: OCI runtime create failed: {detail}: unknown";
        int code = detail.Contains("executable file not found", StringComparison.Ordinal)
            || detail.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase) ? 127
            : detail.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("is a directory", StringComparison.Ordinal) ? 126
            : 128;
        var kind = error is WharfException { Kind: ErrorKind.InvalidArgument or ErrorKind.NotFound } w ? w.Kind : ErrorKind.Internal;
        // Docker answers a failed start with 400 for command errors (a bad image config is the user's input), else 500.
        if (code is 126 or 127) kind = ErrorKind.InvalidArgument;
        return new StartFailure(code, message, new WharfException(kind, message, error));
    }

    /// <summary>
    /// A spec the daemon could not make (moby's createSpec: no device driver for --gpus, a blkio
    /// device that is gone): its words as they are, exit code 128 (exitUnknown), a server error.
    /// </summary>
    public static StartFailure FromSpec(WharfException error) =>
        new(128, error.Message, new WharfException(ErrorKind.Internal, error.Message, error));
}
