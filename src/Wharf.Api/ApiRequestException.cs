namespace Wharf.Api;

/// <summary>
/// The client sent something the API cannot take: a bad version, filter, signal, detach keys or
/// JSON body. The daemon answers it with 400 and the message; the message is Docker's where Docker has one.
/// </summary>
public sealed class ApiRequestException(string message, Exception? inner = null) : Exception(message, inner);
