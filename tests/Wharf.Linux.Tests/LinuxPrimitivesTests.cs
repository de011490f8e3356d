using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Processes;
using Wharf.Linux.Sockets;
using Wharf.Linux.Terminal;

namespace Wharf.Linux.Tests;

public unsafe class LinuxPrimitivesTests
{
    [Fact]
    public void A_descriptor_passes_over_a_socketpair()
    {
        int* pair = stackalloc int[2];
        Libc.Check(Libc.Socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, pair), "socketpair");
        int* pipe = stackalloc int[2];
        Libc.Check(Libc.Pipe2(pipe, Libc.O_CLOEXEC), "pipe2");
        try
        {
            ScmRights.Send(pair[0], pipe[1], "hello"u8);
            Span<byte> payload = stackalloc byte[16];
            int received = ScmRights.Receive(pair[1], payload, out int length);
            Assert.True(received >= 0);
            Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(payload[..length]));
            // Writing through the received descriptor reaches the original pipe.
            Libc.WriteAll(received, "x"u8);
            Span<byte> one = stackalloc byte[1];
            Assert.Equal(1, Libc.ReadSome(pipe[0], one));
            Assert.Equal((byte)'x', one[0]);
            Libc.Close(received);
        }
        finally
        {
            Libc.Close(pair[0]); Libc.Close(pair[1]); Libc.Close(pipe[0]); Libc.Close(pipe[1]);
        }
    }

    [Fact]
    public void A_spawned_child_gets_its_arguments_environment_and_descriptors_and_its_exit_code_comes_back()
    {
        int* pipe = stackalloc int[2];
        Libc.Check(Libc.Pipe2(pipe, Libc.O_CLOEXEC), "pipe2");
        int pid = ChildSpawner.Spawn("/bin/sh", ["sh", "-c", "echo \"$GREETING\" >&7; exit 3"], ["GREETING=hi"], [(7, pipe[1])]);
        Libc.Close(pipe[1]);
        int status = ChildSpawner.Wait(pid);
        Span<byte> buffer = stackalloc byte[16];
        int n = Libc.ReadSome(pipe[0], buffer);
        Libc.Close(pipe[0]);
        Assert.Equal("hi\n", System.Text.Encoding.ASCII.GetString(buffer[..n]));
        Assert.Equal(3, Libc.ExitCodeOf(status));
    }

    [Fact]
    public void A_child_starts_with_default_signal_dispositions()
    {
        // .NET ignores SIGPIPE; a child must not inherit that (SigIgn is bit 12 for SIGPIPE).
        int* pipe = stackalloc int[2];
        Libc.Check(Libc.Pipe2(pipe, Libc.O_CLOEXEC), "pipe2");
        int pid = ChildSpawner.Spawn("/bin/sh", ["sh", "-c", "grep SigIgn /proc/self/status >&7"], [], [(7, pipe[1])]);
        Libc.Close(pipe[1]);
        ChildSpawner.Wait(pid);
        Span<byte> buffer = stackalloc byte[64];
        string line = System.Text.Encoding.ASCII.GetString(buffer[..Libc.ReadSome(pipe[0], buffer)]);
        Libc.Close(pipe[0]);
        ulong ignored = Convert.ToUInt64(line.Split(':')[1].Trim(), 16);
        Assert.Equal(0UL, ignored & (1UL << 12));
    }

    [Fact]
    public void A_pty_pair_carries_bytes_from_slave_to_master()
    {
        var (master, slave) = PseudoTerminal.Open();
        try
        {
            PseudoTerminal.SetSize(slave, 40, 120);
            Assert.True(PseudoTerminal.TryGetSize(master, out ushort rows, out ushort columns));
            Assert.Equal((40, 120), (rows, columns));
            Libc.WriteAll(slave, "ping"u8);
            Span<byte> buffer = stackalloc byte[16];
            Assert.Equal("ping", System.Text.Encoding.ASCII.GetString(buffer[..Libc.ReadSome(master, buffer)]));
        }
        finally
        {
            Libc.Close(master);
            Libc.Close(slave);
        }
    }

    [Fact]
    public void A_failed_call_names_the_call_the_path_and_the_reason()
    {
        var e = Assert.Throws<LinuxException>(() => Libc.Check(Libc.Open("/no/such/file", Libc.O_RDONLY, 0), "open", "/no/such/file"));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("open /no/such/file: No such file or directory", e.Message);
    }

    [Fact]
    public void Atomic_write_replaces_content_and_leaves_no_temp_file()
    {
        string dir = Directory.CreateTempSubdirectory("wharf-atomic-").FullName;
        try
        {
            string path = Path.Combine(dir, "state.json");
            FileSystem.AtomicFile.Write(path, "one"u8);
            FileSystem.AtomicFile.Write(path, "two"u8);
            Assert.Equal("two", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

public class PidfdReaperTests
{
    [Fact]
    public async Task A_child_is_reaped_as_it_exits_and_its_status_comes_back()
    {
        int quick = ChildSpawner.Spawn("/bin/sh", ["sh", "-c", "exit 7"], [], []);
        int slow = ChildSpawner.Spawn("/bin/sh", ["sh", "-c", "sleep 0.3; kill -9 $$"], [], []);
        var first = PidfdReaper.ReapAsync(quick);
        var second = PidfdReaper.ReapAsync(slow);

        Assert.Equal(7, Libc.ExitCodeOf(await first.WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.False(second.IsCompleted);
        Assert.Equal(137, Libc.ExitCodeOf(await second.WaitAsync(TimeSpan.FromSeconds(10))));
        // Reaped: no zombie is left behind.
        Assert.False(Directory.Exists($"/proc/{quick}"));
        Assert.False(Directory.Exists($"/proc/{slow}"));
    }
}
