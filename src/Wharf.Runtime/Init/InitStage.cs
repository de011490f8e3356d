using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Runtime.Hooks;
using Wharf.Runtime.Process;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>
/// The container's first process: `wharf-runtime init FD`, spawned by the runtime inside the
/// new namespaces. It finishes the setup that must happen from inside (mounts, pivot_root,
/// console, identity, capabilities, seccomp), waits for `start`, then execve()s the user's
/// program in place, so the program keeps PID 1. Everything runs synchronously on the main
/// thread: namespaces, credentials and the seccomp filter are per thread, and execve carries
/// only the calling thread's.
/// </summary>
public static class InitStage
{
    public static int Run(int syncFd)
    {
        using var sync = new SyncSocket(syncFd);
        InitRequest? request = null;
        try
        {
            SetInheritable(syncFd, false);
            request = sync.ReceiveRequest();
            if (request is null) return 1;
            var process = request.Spec.Process ?? throw new InitException("no process to run");
            // Opened while host paths still resolve: after pivot_root only this descriptor leads to the FIFO.
            bool waitForStart = request.StateDirectory is not null;
            int stateDir = waitForStart ? Check(Open(request.StateDirectory!, O_PATH | O_DIRECTORY | O_CLOEXEC, 0), "open", request.StateDirectory) : -1;
            string path = request.Mode == InitMode.Create ? SetUpContainer(request, sync) : JoinContainer(request);

            if (waitForStart)
            {
                sync.Send(new InitReply(true));
                WaitForStart(stateDir);
            }
            if (request.Mode == InitMode.Create)
                HookRunner.Run("startContainer", request.Spec.Hooks?.StartContainer, StateOf(request, "created"));
            if (process.NoNewPrivileges)
                SeccompStep.Apply(request);
            ProcessExec.Exec(path, process.Args!, EnvironmentOf(process), request.PreserveFds);
            return 127;
        }
        catch (Exception e) when (e is InitException or LinuxException or IOException or UnauthorizedAccessException or Core.WharfException)
        {
            Report(sync, e.Message);
            return 1;
        }
    }

    private static string SetUpContainer(InitRequest request, SyncSocket sync)
    {
        RuntimeSpec spec = request.Spec;
        ProcessSpec process = spec.Process!;
        var namespaces = spec.Linux?.Namespaces ?? [];
        bool IsNew(string type) => namespaces.Any(n => n.Type == type && string.IsNullOrEmpty(n.Path));

        // Joined after the runtime placed this process in its cgroup, so the container's
        // cgroup becomes the namespace's root.
        if (IsNew("cgroup")) Check(Unshare(CLONE_NEWCGROUP), "unshare(CLONE_NEWCGROUP)");
        ApplyProcessLimits(process);

        JoinNamespaces(request.Joins);
        bool ownMounts = namespaces.Any(n => n.Type == "mount");
        // Without a mount namespace of its own the container's mounts land in the host's, and
        // chroot stands in for pivot_root, as runc does.
        RootfsMounts.Prepare(spec, request.Rootfs, ownMounts);
        RootfsMounts.MountAll(request);
        if (Devices.NeedsSetup(spec)) Devices.Create(spec, request.Rootfs);
        Directory.CreateDirectory(SecurePath.Resolve(request.Rootfs, process.Cwd));
        RunCreationHooks(request, sync);
        if (ownMounts) PivotRoot.Into(request.Rootfs);
        else PivotRoot.Chroot(request.Rootfs);

        if (process.Terminal) ContainerConsole.Setup(request.ConsoleSocketFd, process, mountDevConsole: true);
        if (spec.Root!.Readonly) PivotRoot.MakeReadonly();
        if (IsNew("uts")) SetNames(spec);
        foreach (var (key, value) in spec.Linux?.Sysctl ?? [])
            File.WriteAllText("/proc/sys/" + key.Replace('.', '/'), value);
        MaskedPaths.MakeReadonly(spec.Linux?.ReadonlyPaths);
        MaskedPaths.Mask(spec.Linux?.MaskedPaths);

        return FinishAsUser(request);
    }

    private static string JoinContainer(InitRequest request)
    {
        JoinNamespaces(request.Joins);
        ProcessSpec process = request.Spec.Process!;
        ApplyProcessLimits(process);
        if (process.Terminal) ContainerConsole.Setup(request.ConsoleSocketFd, process, mountDevConsole: false);
        return FinishAsUser(request);
    }

    /// <summary>
    /// Mounts are made and the old root is still reachable: the runtime runs createRuntime and
    /// prestart hooks (in the host's namespaces) while this process waits, then createContainer
    /// hooks run here, in the container's namespaces.
    /// </summary>
    private static void RunCreationHooks(InitRequest request, SyncSocket sync)
    {
        var hooks = request.Spec.Hooks;
        if (hooks is null) return;
        if (hooks.Prestart is { Count: > 0 } || hooks.CreateRuntime is { Count: > 0 })
        {
            sync.Send(new InitReply(true, HooksDue: true));
            if (sync.ReceiveReply() is not { Ok: true })
                throw new InitException("the runtime stopped the container during its hooks");
        }
        HookRunner.Run("createContainer", hooks.CreateContainer, StateOf(request, "creating"));
    }

    private static Core.Oci.ContainerStateDocument StateOf(InitRequest request, string status) => new()
    {
        Id = request.ContainerId,
        Status = status,
        Pid = request.HostPid,
        Bundle = request.Bundle,
        Annotations = request.Spec.Annotations,
    };

    private static void JoinNamespaces(List<NamespaceJoin> joins)
    {
        if (joins.Count == 0) return;
        // setns into a mount namespace refuses a thread that shares its fs_struct.
        Check(Unshare(CLONE_FS), "unshare(CLONE_FS)");
        foreach (var join in joins)
        {
            Check(Setns(join.Fd, join.CloneFlag), "setns");
            Close(join.Fd);
        }
    }

    private static void ApplyProcessLimits(ProcessSpec process)
    {
        ResourceLimits.Apply(process.Rlimits);
        if (process.OomScoreAdj is int adj)
            File.WriteAllText("/proc/self/oom_score_adj", adj.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Seccomp (without no_new_privs it needs CAP_SYS_ADMIN, so before dropping it), identity, cwd, lookup.</summary>
    private static string FinishAsUser(InitRequest request)
    {
        ProcessSpec process = request.Spec.Process!;
        if (!process.NoNewPrivileges) SeccompStep.Apply(request);
        UserIdentity.Switch(process.User, Capabilities.From(process.Capabilities));
        if (Chdir(process.Cwd) != 0)
            throw new InitException($"chdir to cwd (\"{process.Cwd}\") set in config.json failed: {LinuxException.FromLastError("chdir").Message}");
        string path = ExecutableLookup.Find(process.Args![0], process.Env);
        if (process.NoNewPrivileges) Check(Prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");
        return path;
    }

    private static unsafe void SetNames(RuntimeSpec spec)
    {
        if (!string.IsNullOrEmpty(spec.Hostname))
        {
            byte[] name = System.Text.Encoding.UTF8.GetBytes(spec.Hostname);
            fixed (byte* p = name) Check(Sethostname(p, (nuint)name.Length), "sethostname");
        }
        if (!string.IsNullOrEmpty(spec.Domainname))
        {
            byte[] name = System.Text.Encoding.UTF8.GetBytes(spec.Domainname);
            fixed (byte* p = name) Check(Setdomainname(p, (nuint)name.Length), "setdomainname");
        }
    }

    /// <summary>Blocks until `start` opens the FIFO for reading, then tells it the process is going.</summary>
    private static void WaitForStart(int stateDir)
    {
        int fifo = Check(Openat(stateDir, Process.ExecFifo.Name, O_WRONLY | O_CLOEXEC, 0), "open", "exec.fifo");
        WriteAll(fifo, "0"u8);
        Close(fifo);
        Close(stateDir);
    }

    /// <summary>The process environment, with HOME from the container's passwd when unset, as runc does.</summary>
    private static List<string> EnvironmentOf(ProcessSpec process)
    {
        var env = new List<string>(process.Env ?? []);
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
            env.Add("HOME=" + HomeDirectory(process.User.Uid));
        return env;
    }

    private static string HomeDirectory(uint uid)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] f = line.Split(':');
                if (f.Length >= 6 && uint.TryParse(f[2], out uint u) && u == uid) return f[5];
            }
        }
        catch (IOException)
        {
        }
        return "/";
    }

    private static void Report(SyncSocket sync, string message)
    {
        try
        {
            sync.Send(new InitReply(false, message));
        }
        catch (LinuxException)
        {
            // The runtime is gone (after `create` returned); stderr is all that is left.
            System.Console.Error.WriteLine(message);
        }
    }
}
