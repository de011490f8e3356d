using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static unsafe partial class Libc
{
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336: reserve more.
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    public struct SpawnFileActions { private long _first; }

    [StructLayout(LayoutKind.Sequential, Size = 512)]
    public struct SpawnAttributes { private long _first; }

    [LibraryImport(Name, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PosixSpawn(out int pid, string path, SpawnFileActions* actions, SpawnAttributes* attributes, nint* argv, nint* envp);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(SpawnFileActions* actions);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(SpawnFileActions* actions);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int PosixSpawnFileActionsAddDup2(SpawnFileActions* actions, int fd, int newFd);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_init")]
    public static partial int PosixSpawnattrInit(SpawnAttributes* attributes);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int PosixSpawnattrDestroy(SpawnAttributes* attributes);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int PosixSpawnattrSetflags(SpawnAttributes* attributes, short flags);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int PosixSpawnattrSetsigmask(SpawnAttributes* attributes, SigSet* mask);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int PosixSpawnattrSetsigdefault(SpawnAttributes* attributes, SigSet* signals);
}
