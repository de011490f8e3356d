using Wharf.Core;

namespace Wharf.Containers.Tests.Spec;

/// <summary>`-v /host:/ctr` makes a missing host directory at start, as dockerd does; `--mount` and named volumes never do.</summary>
public sealed class BindSourcesTests
{
    [Fact]
    public void A_missing_bind_source_becomes_a_0755_directory_and_what_exists_is_left_alone()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException(); // Wharf runs on Linux only
        string root = Directory.CreateTempSubdirectory("wharf-bind-src-").FullName;
        try
        {
            string missing = Path.Combine(root, "new", "deeper");
            string file = Path.Combine(root, "file");
            File.WriteAllText(file, "keep");
            string notByMount = Path.Combine(root, "by-mount");
            string createdByMount = Path.Combine(root, "bind-create-src");
            var host = new HostSettings
            {
                Binds = [$"{missing}:/data", $"{file}:/etc/file:ro", "named:/vol"],
                Mounts =
                [
                    new MountRequest { Type = "bind", Source = notByMount, Target = "/m" },
                    new MountRequest { Type = "bind", Source = createdByMount, Target = "/c", BindOptions = new MountBindOptions { CreateMountpoint = true } },
                ],
            };

            BindSources.CreateMissing(host);

            Assert.True(Directory.Exists(missing));
            Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(missing) & (UnixFileMode)0x1FF);
            Assert.True(Directory.Exists(createdByMount));
            Assert.Equal("keep", File.ReadAllText(file));
            Assert.False(Directory.Exists(notByMount));
            Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, "named")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_source_that_cannot_be_made_is_an_error_naming_it()
    {
        string root = Directory.CreateTempSubdirectory("wharf-bind-src-").FullName;
        try
        {
            string blocker = Path.Combine(root, "a-file");
            File.WriteAllText(blocker, "");
            var host = new HostSettings { Binds = [$"{blocker}/below:/data"] };
            var error = Assert.Throws<WharfException>(() => BindSources.CreateMissing(host));
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.StartsWith($"error while creating mount source path '{blocker}/below': ", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
