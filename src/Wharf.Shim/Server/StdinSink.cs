using Microsoft.Win32.SafeHandles;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Server;

/// <summary>
/// A process's stdin as the attached clients share it: writes wait until the process's stdin
/// exists (a client may attach, and type, before start), then go to the pipe's write end or the
/// pty master. Writes are blocking, so callers are dedicated threads. The descriptor is held
/// through a SafeHandle so closing it can never race a write into a reused fd number.
/// </summary>
internal sealed class StdinSink
{
    private readonly object _gate = new();
    private readonly ManualResetEventSlim _ready = new();
    private SafeFileHandle? _handle;
    private bool _ownsHandle;
    private bool _closed;
    private bool _closeOnConnect;

    /// <param name="ownsHandle">a pipe end of our own (closed on EOF); false for a pty master,
    /// which the terminal owns and which stays open for output and resizes.</param>
    public void Connect(SafeFileHandle handle, bool ownsHandle)
    {
        lock (_gate)
        {
            if (_closed || (_closeOnConnect && ownsHandle))
            {
                // Stdin ended (or the process did) before it existed: the process gets EOF at once.
                _closed = true;
                if (ownsHandle) handle.Dispose();
                _ready.Set();
                return;
            }
            (_handle, _ownsHandle) = (handle, ownsHandle);
        }
        _ready.Set();
    }

    /// <summary>Writes all of <paramref name="data"/>; false once stdin is closed (or the process gone).</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        _ready.Wait();
        SafeFileHandle handle;
        bool added = false;
        lock (_gate)
        {
            if (_closed || _handle is null) return false;
            handle = _handle;
            handle.DangerousAddRef(ref added);
        }
        try
        {
            Libc.WriteAll((int)handle.DangerousGetHandle(), data);
            return true;
        }
        catch (LinuxException)
        {
            return false; // EPIPE: the process closed its stdin or exited; EIO: the pty is gone
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>
    /// A client's stdin ended with stdin-once: the process sees end of file on a pipe. On a pty
    /// nothing is sent; the client just stops writing.
    /// </summary>
    public void CloseInput()
    {
        lock (_gate)
        {
            if (_handle is null && !_closed)
            {
                _closeOnConnect = true;
                return;
            }
            if (!_ownsHandle) return;
        }
        Close();
    }

    /// <summary>The process is gone (or never started): writers stop and the pipe end is released.</summary>
    public void Close()
    {
        SafeFileHandle? owned;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            owned = _ownsHandle ? _handle : null;
            _handle = null;
        }
        _ready.Set();
        owned?.Dispose(); // the actual close waits for writes in progress
    }
}
