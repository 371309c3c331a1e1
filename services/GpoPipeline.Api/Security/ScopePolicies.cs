using Microsoft.AspNetCore.Authorization;

namespace GpoPipeline.Api.Security;

/// <summary>Authorization policies by scope; a proxy key's task is checked by <see cref="TaskAccess"/> in the handler.</summary>
public static class ScopePolicies
{
    public const string Read = "scope:read";
    public const string Write = "scope:write";
    public const string Admin = "scope:admin";

    /// <summary>Reading one task's champion prompt: read, or a proxy key (for its own task).</summary>
    public const string ReadPrompt = "scope:read-prompt";

    /// <summary>The chat proxy spends model money: proxy or write.</summary>
    public const string UseProxy = "scope:proxy";

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(Read, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Read))
            .AddPolicy(Write, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Write))
            .AddPolicy(Admin, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Admin))
            .AddPolicy(ReadPrompt, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Read, ApiScopes.Proxy))
            .AddPolicy(UseProxy, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Write, ApiScopes.Proxy))
            // Every endpoint needs a key unless it says otherwise (health, the OpenAPI document).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
    }
}
