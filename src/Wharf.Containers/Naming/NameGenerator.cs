namespace Wharf.Containers;

/// <summary>
/// Random container names in Docker's "adjective_surname" style, from Wharf's own word lists:
/// adjectives a harbour might earn, and people who shaped computing, mathematics and science.
/// </summary>
public static class NameGenerator
{
    private static readonly string[] Adjectives =
    [
        "agile", "amber", "ample", "ardent", "azure", "balmy", "bold", "breezy", "bright", "brisk",
        "buoyant", "calm", "candid", "cheery", "civil", "clever", "cosmic", "crisp", "curious", "dapper",
        "daring", "deft", "devout", "eager", "earnest", "fearless", "fleet", "fond", "frank", "gallant",
        "gentle", "gleaming", "golden", "hardy", "hearty", "humble", "jolly", "jovial", "keen", "kind",
        "lively", "loyal", "lucid", "mellow", "merry", "mighty", "modest", "nimble", "noble", "patient",
        "placid", "plucky", "polite", "proud", "quiet", "radiant", "rapid", "ready", "robust", "rosy",
        "rugged", "serene", "sharp", "sincere", "snug", "spry", "stable", "stoic", "sturdy", "sunny",
        "swift", "tidy", "tranquil", "trusty", "upbeat", "valiant", "vivid", "warm", "witty", "zesty",
    ];

    private static readonly string[] Surnames =
    [
        "abel", "agnesi", "alhazen", "archimedes", "babbage", "backus", "banach", "bardeen", "bernoulli", "boole",
        "brattain", "cantor", "cauchy", "cerf", "chebyshev", "church", "clarke", "codd", "conway", "dahl",
        "dedekind", "descartes", "dijkstra", "dirac", "euclid", "euler", "faraday", "fermat", "feynman", "fourier",
        "galois", "gauss", "germain", "godel", "hamming", "hilbert", "hoare", "hooke", "hopper", "huffman",
        "huygens", "jacobi", "johnson", "kahan", "kepler", "knuth", "kolmogorov", "lagrange", "lamport", "laplace",
        "leibniz", "liskov", "lovelace", "maxwell", "mccarthy", "meitner", "minsky", "napier", "naur", "neumann",
        "newton", "noether", "nyquist", "pascal", "perlman", "planck", "poincare", "ramanujan", "riemann", "ritchie",
        "shannon", "stroustrup", "tarjan", "thompson", "torvalds", "turing", "volta", "wiles", "wirth", "zuse",
    ];

    /// <summary>
    /// A random name; for a retry (<paramref name="attempt"/> above 0) with a random digit
    /// appended, as Docker does, so a collision is less likely the next time.
    /// </summary>
    public static string Next(int attempt)
    {
        string name = Adjectives[Random.Shared.Next(Adjectives.Length)] + "_" + Surnames[Random.Shared.Next(Surnames.Length)];
        return attempt > 0 ? name + Random.Shared.Next(10) : name;
    }

    internal static IReadOnlyList<string> AdjectiveList => Adjectives;
    internal static IReadOnlyList<string> SurnameList => Surnames;
}
