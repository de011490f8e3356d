namespace Wharf.Cli.Terminal;

/// <summary>The user typed the detach sequence (moby/term's EscapeError, same text).</summary>
internal sealed class DetachRequested() : IOException("read escape sequence");
