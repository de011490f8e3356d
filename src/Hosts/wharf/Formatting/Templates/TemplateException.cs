namespace Wharf.Cli.Formatting.Templates;

/// <summary>A template that does not parse or fails while running; the message reads like Go's.</summary>
internal sealed class TemplateException(string message) : Exception(message);
