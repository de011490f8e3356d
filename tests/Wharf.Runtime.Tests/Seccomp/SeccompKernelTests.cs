using System.Runtime.InteropServices;
using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Seccomp;
using Wharf.Runtime.Seccomp;

namespace Wharf.Runtime.Tests.Seccomp;

/// <summary>
/// Loads compiled filters into the kernel. A filter binds the thread that loads it for the rest
/// of its life, so each test loads it on a new thread of its own (never a test-runner thread)
/// and lets that thread end, which drops the filter.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class SeccompKernelTests
{
    [SeccompKernelFact]
    public void A_filter_makes_getppid_fail_with_ENOSYS_on_its_thread_only()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
            Syscalls = [new() { Names = ["getppid"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 38 }],
        });

        var (result, errno) = OnFilteredThread(program, () => Libc.Getppid());

        Assert.Equal(-1, result);
        Assert.Equal(Errno.ENOSYS, errno);
        Assert.True(Libc.Getppid() > 0, "the test's own thread is not filtered");
    }

    [SeccompKernelFact]
    public void Flags_go_to_seccomp()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Flags = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
            Syscalls = [new() { Names = ["getppid"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 38 }],
        });
        uint flags = SeccompCompiler.LoadFlags(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Flags = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"] });

        var (result, errno) = OnFilteredThread(program, () => Libc.Getppid(), flags);

        Assert.Equal(-1, result);
        Assert.Equal(Errno.ENOSYS, errno);
    }

    [SeccompKernelFact]
    public void A_program_the_kernel_refuses_is_a_LinuxException()
    {
        SockFilter[] jumpsOutside = [new(0x20, 0, 0, 4), new(0x15, 5, 0, 1), new(0x06, 0, 0, 0x7fff_0000)];

        var error = Assert.Throws<InvalidOperationException>(() => OnFilteredThread(jumpsOutside, () => 0));

        var linux = Assert.IsType<LinuxException>(error.InnerException);
        Assert.Equal("seccomp", linux.Call);
        Assert.Equal(Errno.EINVAL, linux.Errno);
    }

    [SeccompKernelFact]
    public void The_kernel_accepts_Dockers_default_profile()
    {
        var program = SeccompCompiler.Compile(DockerDefaultProfileTests.Load());

        var (ppid, _) = OnFilteredThread(program, () => Libc.Getppid());
        // sethostname with a too-long name: EINVAL if it got through, EPERM from the filter.
        var (result, errno) = OnFilteredThread(program, () => { unsafe { return Libc.Sethostname(null, 65536); } });

        Assert.True(ppid > 0);
        Assert.Equal(-1, result);
        Assert.Equal(Errno.EPERM, errno);
    }

    private static (int Result, int Errno) OnFilteredThread(SockFilter[] program, Func<int> call, uint flags = 0)
    {
        int result = 0, errno = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                SeccompFilter.SetNoNewPrivileges();
                SeccompFilter.Load(program, flags);
                result = call();
                errno = Marshal.GetLastPInvokeError();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("loading the filter failed", failure);
        return (result, errno);
    }
}
