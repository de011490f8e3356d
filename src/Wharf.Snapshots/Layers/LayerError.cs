using Wharf.Core;

namespace Wharf.Snapshots.Layers;

/// <summary>The errors a hostile or broken layer earns: InvalidArgument, one line naming what is wrong.</summary>
internal static class LayerError
{
    public static WharfException Archive(string reason, Exception? inner = null) =>
        WharfException.Invalid($"invalid layer: {reason}", inner);

    public static WharfException Entry(string name, string reason) =>
        WharfException.Invalid($"invalid layer entry \"{Show(name)}\": {reason}");

    public static string Show(string name) => UntrustedName.Show(name);
}
