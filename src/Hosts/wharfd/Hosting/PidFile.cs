using System.Globalization;

namespace Wharf.Daemon.Hosting;

/// <summary>The daemon's pid file: refused when it names a live process (Docker's rule), removed on shutdown.</summary>
internal sealed class PidFile : IDisposable
{
    private readonly string _path;

    private PidFile(string path) => _path = path;

    public static PidFile Create(string path)
    {
        if (File.Exists(path))
        {
            string text = File.ReadAllText(path).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && Directory.Exists($"/proc/{pid}"))
                throw new InvalidOperationException($"pid file found, ensure wharfd is not running or delete {path}");
        }
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new PidFile(path);
    }

    public void Dispose()
    {
        try
        {
            // Only our own: a second daemon that was refused must not delete the first one's file.
            if (File.Exists(_path) && File.ReadAllText(_path).Trim() == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)) File.Delete(_path);
        }
        catch (IOException)
        {
        }
    }
}
