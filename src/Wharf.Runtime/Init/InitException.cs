namespace Wharf.Runtime.Init;

/// <summary>A setup failure inside the init stage, reported to the runtime as one line.</summary>
public sealed class InitException(string message) : Exception(message);
