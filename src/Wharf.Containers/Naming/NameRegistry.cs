using System.Text.RegularExpressions;
using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// Which container holds which name. Names are kept as Docker keeps them, "/name"; callers may
/// pass them with or without the slash. Thread-safe: reserve, release and rename are atomic.
/// </summary>
public sealed partial class NameRegistry
{
    /// <summary>Docker's wording of the allowed characters, quoted in its error.</summary>
    public const string AllowedCharacters = "[a-zA-Z0-9][a-zA-Z0-9_.-]";

    private const int GeneratedAttempts = 6;
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Func<int, string> _generate;

    /// <param name="generate">Makes a random name for attempt N (tests pass a fixed one).</param>
    public NameRegistry(Func<int, string>? generate = null) => _generate = generate ?? NameGenerator.Next;

    /// <summary>
    /// Reserves <paramref name="name"/> for container <paramref name="id"/> and returns it as "/name".
    /// Reserving a name again for the container that holds it is not an error.
    /// </summary>
    /// <exception cref="WharfException">InvalidArgument for a name Docker would refuse; Conflict when another container holds it.</exception>
    public string Reserve(string name, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        string normalized = Validate(name);
        lock (_lock)
        {
            if (_idByName.TryGetValue(normalized, out string? holder) && holder != id)
                throw InUse(normalized, holder);
            _idByName[normalized] = id;
        }
        return normalized;
    }

    /// <summary>
    /// Reserves a random adjective_surname name for <paramref name="id"/>, as Docker does: a few
    /// tries (the later ones with a digit appended), then the id's 12-digit short form.
    /// </summary>
    public string ReserveGenerated(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_lock)
        {
            for (int attempt = 0; attempt < GeneratedAttempts; attempt++)
            {
                string name = "/" + _generate(attempt);
                if (_idByName.TryAdd(name, id)) return name;
            }
            string fallback = "/" + (id.Length > ContainerId.ShortLength ? id[..ContainerId.ShortLength] : id);
            if (_idByName.TryGetValue(fallback, out string? holder) && holder != id) throw InUse(fallback, holder);
            _idByName[fallback] = id;
            return fallback;
        }
    }

    /// <summary>Frees <paramref name="name"/>; nothing happens when no one holds it.</summary>
    public void Release(string name)
    {
        lock (_lock) _idByName.Remove(Normalize(name));
    }

    /// <summary>Frees <paramref name="name"/> only if <paramref name="id"/> holds it.</summary>
    public void Release(string name, string id)
    {
        string normalized = Normalize(name);
        lock (_lock)
        {
            if (_idByName.TryGetValue(normalized, out string? holder) && holder == id)
                _idByName.Remove(normalized);
        }
    }

    /// <summary>
    /// Moves container <paramref name="id"/> from <paramref name="currentName"/> to
    /// <paramref name="newName"/> (Docker's rename rules and messages); returns the new "/name".
    /// </summary>
    public string Rename(string id, string currentName, string newName)
    {
        newName = newName.Trim();
        if (newName.TrimStart('/').Length == 0 || currentName.Trim().TrimStart('/').Length == 0)
            throw WharfException.Invalid("Neither old nor new names may be empty");
        string current = Normalize(currentName.Trim());
        if (Normalize(newName) == current)
            throw WharfException.Invalid("Renaming a container with the same name as its current name");
        string normalized;
        try
        {
            normalized = Validate(newName);
        }
        catch (WharfException e)
        {
            throw new WharfException(e.Kind, "Error when allocating new name: " + e.Message, e);
        }
        lock (_lock)
        {
            if (_idByName.TryGetValue(normalized, out string? holder) && holder != id)
            {
                var conflict = InUse(normalized, holder);
                throw new WharfException(ErrorKind.Conflict, "Error when allocating new name: " + conflict.Message, conflict);
            }
            _idByName[normalized] = id;
            if (_idByName.TryGetValue(current, out string? old) && old == id) _idByName.Remove(current);
        }
        return normalized;
    }

    /// <summary>The id of the container holding <paramref name="name"/> (with or without "/").</summary>
    public bool TryGetId(string name, out string id)
    {
        lock (_lock)
        {
            if (_idByName.TryGetValue(Normalize(name), out string? found))
            {
                id = found;
                return true;
            }
        }
        id = "";
        return false;
    }

    /// <summary>Whether <paramref name="name"/> (with or without "/") is a name Docker accepts.</summary>
    public static bool IsValid(string name) => ValidName().IsMatch(name.StartsWith('/') ? name[1..] : name);

    /// <summary>The name as Docker keeps it, "/name"; throws Docker's error for an invalid one.</summary>
    public static string Validate(string name)
    {
        if (!IsValid(name))
            throw WharfException.Invalid($"Invalid container name ({UntrustedName.Show(name)}), only {AllowedCharacters} are allowed");
        return Normalize(name);
    }

    private static string Normalize(string name) => name.StartsWith('/') ? name : "/" + name;

    private static WharfException InUse(string name, string holder) => WharfException.Conflict(
        $"Conflict. The container name \"{name}\" is already in use by container \"{holder}\". You have to remove (or rename) that container to be able to reuse that name.");

    // Docker's RestrictedNamePattern: at least two characters; \z, since $ would also match before a final newline.
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]+\z")]
    private static partial Regex ValidName();
}
