using Wharf.Daemon.Hosting;

DaemonOptions options;
try
{
    if (args is ["-h" or "--help"]) { Console.WriteLine(DaemonOptions.Usage); return 0; }
    if (args is ["-v" or "--version"]) { Console.WriteLine($"Wharf version {DaemonVersion.Version}, build {DaemonVersion.GitCommit}"); return 0; }
    options = DaemonOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"wharfd: {e.Message}\nSee 'wharfd --help'.");
    return 125;
}
return await DaemonHost.RunAsync(options);
