using System.Security.Cryptography;
using System.Text;
using Wharf.Core;
using Wharf.Snapshots.Layers;

namespace Wharf.Snapshots.Tests.Layers;

public sealed class ChainIdTests
{
    private static readonly Digest A = Digest.Compute("a"u8), B = Digest.Compute("b"u8), C = Digest.Compute("c"u8);

    [Fact]
    public void OneLayerChainIsItsDiffId() => Assert.Equal(A, ChainId.Compute([A]));

    [Fact]
    public void EachLayerHashesTheChainBelowAndItsDiffId()
    {
        // By hand: sha256 over the text "<chain> <diffID>".
        string ab = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{A} {B}")));
        string abc = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"sha256:{ab} {C}")));

        Assert.Equal($"sha256:{ab}", ChainId.Compute([A, B]).ToString());
        Assert.Equal($"sha256:{abc}", ChainId.Compute([A, B, C]).ToString());
        // The same vector, computed once with sha256sum.
        Assert.Equal("sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676", ChainId.Compute([A, B]).ToString());
        Assert.Equal("sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106", ChainId.Compute([A, B, C]).ToString());
    }

    [Fact]
    public void EmptyChainIsAnError() => Assert.Throws<ArgumentException>(() => ChainId.Compute([]));
}
