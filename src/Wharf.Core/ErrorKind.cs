namespace Wharf.Core;

/// <summary>What went wrong, in the terms the API and CLI translate once (HTTP status, exit code).</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    Conflict,
    Internal,
}

/// <summary>An error with a kind and a one-line message meant for the user.</summary>
public class WharfException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorKind Kind { get; } = kind;

    public static WharfException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static WharfException Invalid(string message, Exception? inner = null) => new(ErrorKind.InvalidArgument, message, inner);
    public static WharfException Exists(string message) => new(ErrorKind.AlreadyExists, message);
    public static WharfException Conflict(string message) => new(ErrorKind.Conflict, message);
}
