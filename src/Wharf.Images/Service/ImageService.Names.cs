using Wharf.Core.Images;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// Points <paramref name="name"/> at <paramref name="target"/>. The image that held the name
    /// before is kept as dangling if that was its last name (as Docker keeps it); the new target's
    /// dangling record, if any, is dropped. Caller holds the gate.
    /// </summary>
    private async Task SetNameAsync(string name, Descriptor target, CancellationToken cancellationToken)
    {
        var previous = await images.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (previous?.Target.Digest == target.Digest) return;

        var now = DateTimeOffset.UtcNow;
        await images.PutAsync(new ImageRecord { Name = name, Target = target, Created = now, Updated = now }, cancellationToken).ConfigureAwait(false);
        await images.DeleteAsync(ImageRecord.DanglingName(target), cancellationToken).ConfigureAwait(false);
        if (previous is not null) await KeepIfUnnamedAsync(previous.Target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a name; the image it pointed at is kept as dangling if that was its last. Caller holds the gate.</summary>
    private async Task RemoveNameAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        await images.DeleteAsync(record.Name, cancellationToken).ConfigureAwait(false);
        if (!record.IsDangling) await KeepIfUnnamedAsync(record.Target, cancellationToken).ConfigureAwait(false);
    }

    private async Task KeepIfUnnamedAsync(Descriptor target, CancellationToken cancellationToken)
    {
        var records = await images.ListAsync(cancellationToken).ConfigureAwait(false);
        if (!records.Any(r => r.Target.Digest == target.Digest)) await KeepDanglingAsync(target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an image with no name (`&lt;none&gt;:&lt;none&gt;`) unless it already has a record. Caller holds the gate.</summary>
    private async Task KeepDanglingAsync(Descriptor target, CancellationToken cancellationToken)
    {
        var records = await images.ListAsync(cancellationToken).ConfigureAwait(false);
        if (records.Any(r => r.Target.Digest == target.Digest)) return;
        var now = DateTimeOffset.UtcNow;
        await images.PutAsync(new ImageRecord { Name = ImageRecord.DanglingName(target), Target = target, Created = now, Updated = now },
            cancellationToken).ConfigureAwait(false);
    }
}
