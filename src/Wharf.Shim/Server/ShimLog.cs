using System.Globalization;

namespace Wharf.Shim.Server;

/// <summary>
/// The shim's own diagnostics, appended to STATE/shim.log: once the shim is ready its stdout
/// and stderr go to /dev/null, so this file is where its problems can be read afterwards.
/// </summary>
internal sealed class ShimLog(string path)
{
    private readonly object _gate = new();

    public void Info(string message) => Write("info", message);

    public void Error(string message) => Write("error", message);

    private void Write(string level, string message)
    {
        string line = $"{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)} {level} {message}\n";
        lock (_gate)
        {
            try
            {
                File.AppendAllText(path, line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // nowhere left to report to
            }
        }
    }
}
