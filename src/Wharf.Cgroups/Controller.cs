using Wharf.Core;

namespace Wharf.Cgroups;

/// <summary>Shared checks of the per-controller writers.</summary>
internal static class Controller
{
    /// <summary>The controller's directory, or an error saying the requested resource cannot be applied.</summary>
    public static string Require(string? dir, string controller, string what) =>
        dir ?? throw new WharfException(
            ErrorKind.InvalidArgument,
            $"cgroup: cannot apply {what}: the {controller} controller is not available on this host");
}
