using System.Security.Cryptography;
using Wharf.Core;

namespace Wharf.Content;

/// <summary>The hash functions behind the digest algorithms the store accepts.</summary>
internal static class ContentHash
{
    public static IncrementalHash Create(string algorithm) => algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw WharfException.Invalid($"unsupported digest algorithm {algorithm}"),
    };

    public static Digest ToDigest(string algorithm, ReadOnlySpan<byte> hash) =>
        algorithm == "sha256" ? Digest.FromSha256(hash) : Digest.Parse($"{algorithm}:{Convert.ToHexStringLower(hash)}");

    public static Digest Of(string algorithm, ReadOnlySpan<byte> content)
    {
        using var hash = Create(algorithm);
        hash.AppendData(content);
        return ToDigest(algorithm, hash.GetHashAndReset());
    }
}
