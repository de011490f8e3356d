using System.Text.RegularExpressions;
using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// Finds an image as Docker does: a name (normalised: "busybox" is docker.io/library/busybox:latest),
    /// a full "sha256:..." ID or digest, or an unambiguous ID prefix (any length, with or without
    /// "sha256:"). NotFound "No such image: NAME" when nothing matches.
    /// </summary>
    public async Task<ResolvedImage> ResolveAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        var all = await LoadAllAsync(cancellationToken).ConfigureAwait(false);

        if (Digest.TryParse(nameOrId, out var digest))
        {
            var byDigest = all.FirstOrDefault(i => i.Id == digest || i.Target.Digest == digest || i.ManifestDescriptor.Digest == digest);
            return byDigest ?? throw NoSuchImage(nameOrId);
        }

        ImageReference.TryParse(nameOrId, out var reference);
        if (reference is not null)
        {
            string name = reference.ToString();
            var byName = all.FirstOrDefault(i => i.Records.Any(r => r.Name == name));
            if (byName is not null) return byName;
            // A name that is not stored may still be the tag-less name of a digested record.
            if (reference.Digest is { } pinned)
            {
                var byPin = all.FirstOrDefault(i => i.Target.Digest == pinned || i.ManifestDescriptor.Digest == pinned);
                if (byPin is not null) return byPin;
            }
        }

        if (IdPrefix().IsMatch(nameOrId))
        {
            string prefix = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId[7..] : nameOrId;
            var matches = all.Where(i => i.Id.Hex.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (matches.Count == 1) return matches[0];
            if (matches.Count > 1) throw WharfException.Invalid($"multiple IDs found with provided prefix: {nameOrId}");
        }
        throw NoSuchImage(reference?.FamiliarString ?? nameOrId);
    }

    /// <summary>Whether the user named the image by (a prefix of) its ID rather than by a name, as Docker tells them apart.</summary>
    private static bool IsIdPrefix(Digest id, string nameOrId) =>
        id.ToString().StartsWith(nameOrId, StringComparison.Ordinal) || id.Hex.StartsWith(nameOrId, StringComparison.Ordinal);

    private static WharfException NoSuchImage(string name) => WharfException.NotFound($"No such image: {name}");

    [GeneratedRegex(@"\A(sha256:)?[0-9a-f]{1,64}\z")]
    private static partial Regex IdPrefix();
}
