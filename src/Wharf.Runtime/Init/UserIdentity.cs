using Wharf.Core.Oci;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>process.user: supplementary groups, gid, then uid, keeping capabilities across the switch.</summary>
internal static unsafe class UserIdentity
{
    public static void Switch(UserSpec user, Capabilities? capabilities)
    {
        capabilities?.DropBounding();
        if (user.Umask is uint mask) Umask(mask);

        uint[] groups = [.. user.AdditionalGids ?? []];
        fixed (uint* list = groups)
            Check(Setgroups((nuint)groups.Length, list), "setgroups");

        // Keep the permitted set across setuid so the configured sets can still be applied.
        Check(Prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");
        Check(Setresgid(user.Gid, user.Gid, user.Gid), "setresgid");
        Check(Setresuid(user.Uid, user.Uid, user.Uid), "setresuid");
        Check(Prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");

        capabilities?.ApplySets();
    }
}
