using Wharf.RuntimeHost;

// `init` is the container's first process (spawned by this same binary): dispatch it before
// anything else so it starts as fast as possible.
if (args.Length == 2 && args[0] == "init" && int.TryParse(args[1], out int syncFd))
    return Wharf.Runtime.Init.InitStage.Run(syncFd);

return RuntimeCommands.Build().Parse(ExecArguments.SeparateCommand(args)).Invoke();
