using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>An image found complete in an archive (every blob committed), waiting for its records.</summary>
internal sealed record PendingImage(Descriptor Target, Digest Id, IReadOnlyList<ImageReference> Names);
