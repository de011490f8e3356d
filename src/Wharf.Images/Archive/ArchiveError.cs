using Wharf.Core;

namespace Wharf.Images.Archive;

/// <summary>The errors a broken or hostile archive earns: InvalidArgument, one line naming what is wrong.</summary>
internal static class ArchiveError
{
    public static WharfException Invalid(string reason, Exception? inner = null) =>
        WharfException.Invalid($"invalid image archive: {reason}", inner);

    public static WharfException Entry(string name, string reason) =>
        Invalid($"entry \"{Show(name)}\": {reason}");

    public static string Show(string name) => UntrustedName.Show(name);
}
