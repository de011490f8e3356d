using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>
/// One image a load recorded: under <paramref name="Name"/> (null for an image the archive left
/// untagged: `Loaded image ID: sha256:...`), with Docker's image ID (the config digest) and the
/// manifest the record points at.
/// </summary>
public sealed record LoadedImage(ImageReference? Name, Digest Id, Descriptor Target);
