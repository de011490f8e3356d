// wharf-shim: one per running container (see Wharf.Shim.Server.ShimServer). wharf-runtime runs
// in-process (no runtime process per create, state, delete); any other runtime through its CLI.
return Wharf.Shim.Server.ShimServer.Run(args, (options, commandLine) =>
    Wharf.ShimHost.InProcessRuntime.Serves(options) ? new Wharf.ShimHost.InProcessRuntime(options) : commandLine);
