namespace Wharf.E2E.Tests;

/// <summary>
/// One daemon shared by the tests of the "wharfd" collection (they run one at a time). Tests give
/// their images unique names so they do not depend on each other's leftovers. Add container tests
/// to the same collection to share the daemon, or start a <see cref="WharfdInstance"/> of their own.
/// </summary>
public sealed class WharfdFixture : IAsyncLifetime
{
    private WharfdInstance? _daemon;

    public WharfdInstance Daemon => _daemon ?? throw new InvalidOperationException("the daemon did not start");

    public async Task InitializeAsync() => _daemon = await WharfdInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
    }

    /// <summary>A name no other test uses: "e2e-PREFIX-xxxxxx".</summary>
    public static string UniqueName(string prefix) => $"e2e-{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];
}

[CollectionDefinition("wharfd")]
public sealed class WharfdCollection : ICollectionFixture<WharfdFixture>;
