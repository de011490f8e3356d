namespace Wharf.Core.Tests;

public class DigestTests
{
    [Fact]
    public void Computes_the_sha256_of_content_in_the_spec_form()
    {
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Compute([]).ToString());
    }

    [Theory]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")] // upper case
    [InlineData("sha256:e3b0")]                                                                // short
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]                                       // unknown algorithm
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]           // no algorithm
    [InlineData("sha256:../../../../etc/passwd0000000000000000000000000000000000000000000")]   // not hex
    public void Rejects_malformed_digests(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
        Assert.Throws<WharfException>(() => Digest.Parse(text));
    }

    [Fact]
    public void Round_trips_through_its_text()
    {
        var digest = Digest.Compute("wharf"u8);
        Assert.Equal(digest, Digest.Parse(digest.ToString()));
    }

    [Fact]
    public void Reads_and_writes_json_as_a_validated_string()
    {
        var digest = Digest.Compute("wharf"u8);
        string json = System.Text.Json.JsonSerializer.Serialize(new Wharf.Core.Images.Descriptor { Digest = digest, Size = 5 },
            Wharf.Core.Oci.ImageJsonContext.Default.Descriptor);
        Assert.Contains($"\"digest\":\"{digest}\"", json);
        Assert.Equal(digest, System.Text.Json.JsonSerializer.Deserialize(json, Wharf.Core.Oci.ImageJsonContext.Default.Descriptor)!.Digest);

        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(
            """{"digest":"sha256:../../etc/passwd","size":1}""", Wharf.Core.Oci.ImageJsonContext.Default.Descriptor));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(
            """{"digest":42,"size":1}""", Wharf.Core.Oci.ImageJsonContext.Default.Descriptor));
    }
}
