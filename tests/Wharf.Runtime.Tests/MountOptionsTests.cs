using Wharf.Linux.Mounts;
using Wharf.Runtime.Init;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Tests;

public class MountOptionsTests
{
    [Fact]
    public void Flags_propagation_and_data_are_separated()
    {
        var options = MountOptions.Parse(["nosuid", "noexec", "rslave", "mode=755", "size=65536k", "ro"]);
        Assert.Equal(MS_NOSUID | MS_NOEXEC | MS_RDONLY, options.Flags);
        Assert.Equal([MS_SLAVE | MS_REC], options.Propagation);
        Assert.Equal("mode=755,size=65536k", options.Data);
    }

    [Fact]
    public void Later_options_clear_earlier_ones()
    {
        Assert.Equal(0UL, MountOptions.Parse(["ro", "rw"]).Flags);
        Assert.Equal(MS_NOSUID, MountOptions.Parse(["suid", "nosuid"]).Flags);
    }

    [Fact]
    public void Rbind_is_a_recursive_bind_whose_remount_flags_exclude_the_bind()
    {
        var options = MountOptions.Parse(["rbind", "ro", "nodev"]);
        Assert.True(options.IsBind);
        Assert.Equal(MS_RDONLY | MS_NODEV, options.RemountFlags);
    }

    [Fact]
    public void Root_propagation_defaults_to_rslave_and_rejects_unknown_values()
    {
        Assert.Equal(MS_SLAVE | MS_REC, RootfsMounts.RootPropagation(null));
        Assert.Equal(MS_PRIVATE, RootfsMounts.RootPropagation("private"));
        Assert.Throws<InitException>(() => RootfsMounts.RootPropagation("sideways"));
    }
}
