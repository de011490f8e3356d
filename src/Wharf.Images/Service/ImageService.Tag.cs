namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>`docker tag SOURCE TARGET`: gives the image <paramref name="source"/> resolves to the name <paramref name="target"/>.</summary>
    public async Task TagAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        var name = ParseNewName(target);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var image = await ResolveAsync(source, cancellationToken).ConfigureAwait(false);
            await SetNameAsync(name.ToString(), image.Target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
