using Wharf.Core;

namespace Wharf.Daemon.Http;

/// <summary>The one table that turns an error kind into an HTTP status (the CLI classifies errors by status).</summary>
internal static class ErrorStatus
{
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.AlreadyExists => StatusCodes.Status409Conflict,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };
}
