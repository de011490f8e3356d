namespace Wharf.Images.Tests.Interop;

internal static class InteropAssertions
{
    /// <summary>
    /// The image, unpacked by Wharf, holds /file-from-commit with <paramref name="content"/>, and
    /// `cat /file-from-commit` under wharf-runtime on a snapshot of it prints that content.
    /// </summary>
    public static async Task CommittedFileIsThereAndRunsAsync(WharfSide wharf, string image, string content)
    {
        var run = await wharf.WithRootfsAsync(image, async rootfs =>
        {
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Join(rootfs, "file-from-commit")));
            Assert.True(File.Exists(Path.Join(rootfs, "bin", "busybox")), "the base layer's /bin/busybox is missing from the unpacked image");
            return await wharf.RunAsync(rootfs, "cat", "/file-from-commit");
        });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(content, run.Stdout);
    }
}

internal static class JsonStrings
{
    /// <summary>A JSON array of strings (a `{{json .RootFS.Layers}}` answer) as an array.</summary>
    public static string[] Parse(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
