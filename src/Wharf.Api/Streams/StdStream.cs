namespace Wharf.Api.Streams;

/// <summary>The stream byte of a multiplexed (stdcopy) frame header.</summary>
public enum StdStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,

    /// <summary>An error from the daemon: the reader stops and reports the payload.</summary>
    SystemError = 3,
}
