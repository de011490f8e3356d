using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Server;

/// <summary>
/// Copies one output descriptor (a pipe's read end or a pty master) into an
/// <see cref="OutputBroadcast"/> on a dedicated thread, until end of file (EIO on a pty whose
/// last slave closed) or until the stop descriptor becomes readable. The thread blocks in
/// poll(2) on both, so stopping needs no timeout loop.
/// </summary>
internal static unsafe class OutputPump
{
    private const int ChunkSize = 32 * 1024;

    public static Task Start(SafeFileHandle source, StdStream stream, OutputBroadcast output, int stopFd)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            bool added = false;
            try
            {
                source.DangerousAddRef(ref added);
                Copy((int)source.DangerousGetHandle(), stream, output, stopFd);
            }
            catch (Exception)
            {
                // a read error ends this stream like end of file does
            }
            finally
            {
                if (added) source.DangerousRelease();
                output.EndStream(stream);
                done.TrySetResult();
            }
        }, maxStackSize: 256 * 1024) { IsBackground = true, Name = $"pump-{stream}" };
        thread.Start();
        return done.Task;
    }

    private static void Copy(int fd, StdStream stream, OutputBroadcast output, int stopFd)
    {
        byte[] buffer = new byte[ChunkSize];
        var polls = stackalloc Libc.PollFd[2];
        while (true)
        {
            polls[0] = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            polls[1] = new Libc.PollFd { Fd = stopFd, Events = Libc.POLLIN };
            if (Libc.Poll(polls, 2, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == Errno.EINTR) continue;
                return;
            }
            if (polls[1].Revents != 0) return;
            nint n;
            fixed (byte* p = buffer) n = Libc.Read(fd, p, (nuint)buffer.Length);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is Errno.EINTR or Errno.EAGAIN) continue;
                return; // EIO: the pty's last slave closed
            }
            if (n == 0) return;
            output.Publish(stream, buffer.AsSpan(0, (int)n));
        }
    }
}
