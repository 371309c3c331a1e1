using System.Security.Cryptography;
using System.Text;

namespace GpoPipeline.Api.Security;

/// <summary>
/// The key format <c>gpo_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the stored record, the secret is 256 random bits kept
/// only as its SHA-256. A salted slow hash (PBKDF2, Argon2) protects low-entropy passwords; for 256-bit random
/// secrets one SHA-256 is already infeasible to invert, and it keeps every request's check cheap.
/// </summary>
public static class ApiKeySecret
{
    private const string Prefix = "gpo_";

    public static (string Id, string Secret, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, secret, $"{Prefix}{id}_{secret}");
    }

    /// <summary>False for anything not shaped like a key (no store lookup for garbage).</summary>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = secret = "";
        if (key is null || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator != 12 || rest.Length <= separator + 1)
        {
            return false;
        }

        id = rest[..separator];
        secret = rest[(separator + 1)..];
        if (!id.All(Uri.IsHexDigit))
        {
            return false;
        }

        id = CanonicalId(id);
        return true;
    }

    /// <summary>
    /// The id as keys are stored and looked up: lower-case, as <see cref="Generate"/> makes it. The embedded store
    /// compares ids ignoring case and MongoDB does not, so a key sent with upper-case hex (or revoked by such an id)
    /// would work against one store and not the other.
    /// </summary>
    public static string CanonicalId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.ToLowerInvariant();
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
