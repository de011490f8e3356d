using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf pause` and `wharf unpause`: freeze or thaw every process of each container.</summary>
internal static class PauseCommand
{
    public static CommandSpec Create() => Spec("pause", "Pause all processes within one or more containers");

    public static CommandSpec CreateUnpause() => Spec("unpause", "Unpause all processes within one or more containers");

    private static CommandSpec Spec(string verb, string summary) => new($"{verb} CONTAINER [CONTAINER...]", summary)
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = $"wharf container {verb}, wharf {verb}",
        Setup = _ => (cli, args, ct) => ContainerBatch.RunAsync(cli, args, (name, token) =>
            ContainerBatch.PostAsync(cli, $"{ContainerBatch.PathOf(name)}/{verb}", null, token), cancellationToken: ct),
    };
}
