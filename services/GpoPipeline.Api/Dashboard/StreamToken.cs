using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GpoPipeline.Api.Dashboard;

/// <summary>
/// A short-lived credential for server-sent-event streams: a browser's EventSource cannot send an Authorization
/// header, so the dashboard exchanges its session key for one of these and puts it in the stream's query string.
/// Format <c>gst_&lt;keyId&gt;_&lt;expiry unix s&gt;_&lt;HMAC&gt;</c>. The HMAC is keyed by the stored hash of the key's secret,
/// so any replica sharing the store can check it (no token table), and revoking the key ends its tokens too.
/// </summary>
public static class StreamToken
{
    private const string Prefix = "gst_";

    /// <summary>The query parameter the stream endpoints read it from.</summary>
    public const string QueryName = "access_token";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string Issue(string keyId, string secretHash, DateTimeOffset expires)
    {
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{Prefix}{keyId}_{expiry}_{Sign(keyId, expiry, secretHash)}";
    }

    /// <summary>The key id the token claims (to find its record), or false for anything not shaped like a token.</summary>
    public static bool TryReadKeyId(string? token, out string keyId)
    {
        keyId = "";
        var parts = Split(token);
        if (parts is null)
        {
            return false;
        }

        keyId = parts[0];
        return true;
    }

    /// <summary>True when the token was issued for this key (its stored hash) and has not expired at <paramref name="now"/>.</summary>
    public static bool IsValid(string? token, string secretHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var parts = Split(token);
        if (parts is null || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(parts[0], parts[1], secretHash));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])) && now.ToUnixTimeSeconds() < expiry;
    }

    /// <summary>When the token stops being valid (an open stream it authenticated ends then), or null for anything not shaped like one.</summary>
    public static DateTimeOffset? ExpiresAt(string? token) =>
        Split(token) is { } parts && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            && expiry <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(expiry) : null;

    private static string[]? Split(string? token)
    {
        if (token is null || token.Length > 200 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = token[Prefix.Length..].Split('_');
        return parts.Length == 3 && parts[0].Length == 12 && parts[0].All(Uri.IsHexDigit) && parts[2].Length == 64 ? parts : null;
    }

    private static string Sign(string keyId, string expiry, string secretHash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretHash), Encoding.UTF8.GetBytes($"{keyId}|{expiry}")));
}
