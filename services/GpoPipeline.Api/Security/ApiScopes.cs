namespace GpoPipeline.Api.Security;

/// <summary>
/// Key scopes (issue 12). read ⊂ write ⊂ admin: each includes the ones before it. proxy is separate: it may only
/// call the chat proxy and read the prompt of the one task its key names.
/// </summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string Proxy = "proxy";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin, Proxy];

    public const string ClaimType = "gpo:scope";
    public const string TaskClaimType = "gpo:task";
    public const string KeyIdClaimType = "gpo:key";

    /// <summary>The scopes a key's stored scopes grant, with the implied ones.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var set = new HashSet<string>(scopes, StringComparer.Ordinal);
        if (set.Contains(Admin)) set.Add(Write);
        if (set.Contains(Write)) set.Add(Read);
        return set;
    }
}
