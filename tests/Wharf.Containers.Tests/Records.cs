namespace Wharf.Containers.Tests;

/// <summary>Containers for tests: fixed ids from a seed, names, creation times.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A 64-hex id starting with <paramref name="prefix"/>.</summary>
    public static string Id(string prefix) => (prefix + new string('0', 64))[..64];

    public static Container Make(string idPrefix, string name, int createdSecond = 0, ContainerStatus status = ContainerStatus.Created,
        int exitCode = 0, IReadOnlyDictionary<string, string>? labels = null, string imageId = "sha256:aaaa")
    {
        var state = new ContainerState { Status = status, ExitCode = exitCode };
        if (status is not ContainerStatus.Created) state = state with { StartedAt = Epoch.AddSeconds(createdSecond + 1) };
        if (status is ContainerStatus.Exited or ContainerStatus.Dead) state = state with { FinishedAt = Epoch.AddSeconds(createdSecond + 2) };
        return new Container
        {
            Id = Id(idPrefix),
            Name = "/" + name,
            Created = Epoch.AddSeconds(createdSecond),
            Path = "sh",
            ImageId = imageId,
            ImageName = "busybox",
            Config = new ContainerConfig { Image = "busybox", Labels = labels },
            State = state,
        };
    }
}
