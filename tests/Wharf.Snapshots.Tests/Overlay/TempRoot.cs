using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Tests.Overlay;

/// <summary>
/// A unique directory under the temp dir for one test. Dispose unmounts everything still mounted
/// below it (deepest first, detaching busy ones) before deleting it, so a failed test leaves
/// neither mounts nor files behind and never trips a later run.
/// </summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot(string? suffix = null)
    {
        Top = System.IO.Path.Join(System.IO.Path.GetTempPath(), $"wharf-snapshots-test-{Guid.NewGuid():N}");
        Path = suffix is null ? Top : System.IO.Path.Join(Top, suffix);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The test's directory: <see cref="Top"/>, or a directory nested in it.</summary>
    public string Path { get; }

    /// <summary>The directory this root made and deletes.</summary>
    public string Top { get; }

    public string Sub(string name)
    {
        string path = System.IO.Path.Join(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            MountSet.UnmountUnder(Top);
        }
        finally
        {
            if (Directory.Exists(Top) && MountTable.MountPointsUnder(Top).Count == 0)
                Directory.Delete(Top, recursive: true);
        }
    }
}
