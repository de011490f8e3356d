using System.Text.RegularExpressions;

namespace Wharf.Core.Images;

/// <summary>
/// The reference grammar of distribution/reference (regexp.go), spelled for .NET: ASCII classes
/// where Go's \w is ASCII, and \A...\z anchors because .NET's $ also matches before a final "\n".
/// <code>
/// reference   := name [ ":" tag ] [ "@" digest ]
/// name        := [domain '/'] remote-name
/// domain      := host [':' port-number]
/// host        := domain-name | '[' IPv6address ']'
/// remote-name := path-component ['/' path-component]*
/// path-component := [a-z0-9]+ [ ( [._] | __ | [-]+ ) [a-z0-9]+ ]*
/// tag         := [\w][\w.-]{0,127}
/// digest      := algorithm ":" hex{32,}
/// </code>
/// </summary>
internal static partial class ReferenceGrammar
{
    private const string Alphanumeric = "[a-z0-9]+";
    private const string Separator = "(?:[._]|__|[-]+)";
    private const string PathComponent = Alphanumeric + "(?:" + Separator + Alphanumeric + ")*";
    private const string RemoteName = PathComponent + "(?:/" + PathComponent + ")*";
    private const string DomainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string DomainName = DomainNameComponent + @"(?:\." + DomainNameComponent + ")*";
    private const string Ipv6Address = @"\[(?:[a-fA-F0-9:]+)\]";
    private const string DomainAndPort = "(?:" + DomainName + "|" + Ipv6Address + ")(?::[0-9]+)?";
    private const string Name = "(?:" + DomainAndPort + "/)?" + RemoteName;
    private const string Tag = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}";
    private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";

    /// <summary>Groups: 1 name, 2 tag, 3 digest.</summary>
    [GeneratedRegex(@"\A(" + Name + ")(?::(" + Tag + "))?(?:@(" + DigestPattern + @"))?\z")]
    public static partial Regex Reference();

    /// <summary>Groups: 1 domain (optional), 2 path.</summary>
    [GeneratedRegex(@"\A(?:(" + DomainAndPort + ")/)?(" + RemoteName + @")\z")]
    public static partial Regex AnchoredName();

    [GeneratedRegex(@"\A" + Tag + @"\z")]
    public static partial Regex AnchoredTag();

    /// <summary>A bare image ID: 64 lower-case hex digits, which is never taken as a name.</summary>
    [GeneratedRegex(@"\A[a-f0-9]{64}\z")]
    public static partial Regex Identifier();

    /// <summary>go-digest's well-formedness check, applied to algorithms it does not know.</summary>
    [GeneratedRegex(@"\A[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+\z")]
    public static partial Regex WellFormedDigest();
}
