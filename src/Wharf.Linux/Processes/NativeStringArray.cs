using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Linux.Processes;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings (argv, envp) in native memory.</summary>
public sealed unsafe class NativeStringArray : IDisposable
{
    private readonly nint* _items;
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> strings)
    {
        _count = strings.Count;
        _items = (nint*)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(nint));
        for (int i = 0; i < _count; i++)
        {
            string s = strings[i];
            int length = Encoding.UTF8.GetByteCount(s);
            byte* bytes = (byte*)NativeMemory.Alloc((nuint)length + 1);
            Encoding.UTF8.GetBytes(s, new Span<byte>(bytes, length));
            bytes[length] = 0;
            _items[i] = (nint)bytes;
        }
    }

    public nint* Pointer => _items;

    public void Dispose()
    {
        for (int i = 0; i < _count; i++) NativeMemory.Free((void*)_items[i]);
        NativeMemory.Free(_items);
    }
}
