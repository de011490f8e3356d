using Wharf.Runtime.Init;

namespace Wharf.Runtime.Tests;

/// <summary>args[0] as runc's exec.LookPath finds it, and the errors docker run turns into exit codes 126 and 127.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ExecutableLookupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-lookup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, UnixFileMode mode)
    {
        string path = Path.Join(_dir, name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n");
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void Paths_are_taken_as_given_and_names_searched_on_PATH()
    {
        string tool = File("tool", UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Assert.Equal(tool, ExecutableLookup.Find(tool, null));
        Assert.Equal(tool, ExecutableLookup.Find("tool", [$"PATH=/nonexistent:{_dir}"]));
    }

    [Fact]
    public void A_file_that_is_not_executable_is_permission_denied()
    {
        string data = File("data", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal($"exec: \"{data}\": permission denied", Assert.Throws<InitException>(() => ExecutableLookup.Find(data, null)).Message);
        // On PATH it is simply not found, as in Go.
        Assert.Equal("exec: \"data\": executable file not found in $PATH",
            Assert.Throws<InitException>(() => ExecutableLookup.Find("data", [$"PATH={_dir}"])).Message);
    }

    [Fact]
    public void Missing_files_and_directories_say_so()
    {
        string missing = Path.Join(_dir, "missing");
        Assert.Equal($"exec: \"{missing}\": stat {missing}: no such file or directory",
            Assert.Throws<InitException>(() => ExecutableLookup.Find(missing, null)).Message);
        Assert.Equal($"exec: \"{_dir}\": is a directory", Assert.Throws<InitException>(() => ExecutableLookup.Find(_dir, null)).Message);
    }
}
