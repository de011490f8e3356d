namespace Wharf.Shim;

/// <summary>
/// The shim is not there (its socket is missing or refuses connections, or it closed the
/// connection without answering): the container's exit, if any, is in exit.json
/// (<see cref="ShimClient.ReadRecordedExit"/>).
/// </summary>
public sealed class ShimGoneException(string message, Exception? inner = null) : Exception(message, inner);
