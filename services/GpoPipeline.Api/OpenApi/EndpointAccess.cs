using GpoPipeline.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// What an endpoint's authorization asks of a caller, read the way the authorization middleware reads it: its own
/// policies, else the fallback policy (every endpoint needs a key unless it allows anonymous callers).
/// </summary>
/// <param name="ScopeChoices">Each entry is one set of scopes that is enough (any one entry will do); [[]] = any valid key.</param>
public sealed record EndpointAccess(bool NeedsKey, IReadOnlyList<IReadOnlyList<string>> ScopeChoices)
{
    private static readonly EndpointAccess Anonymous = new(false, []);

    public bool NeedsScope => ScopeChoices.Any(choice => choice.Count > 0);

    public static async Task<EndpointAccess> ReadAsync(ApiDescription description, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(description);
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Anonymous;
        }

        var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = await AuthorizationPolicy.CombineAsync(provider, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>())
            ?? await provider.GetFallbackPolicyAsync();
        if (policy is null)
        {
            return Anonymous;
        }

        // Each scope requirement is "one of these"; several must all hold: every combination of one from each.
        IEnumerable<IReadOnlyList<string>> choices = [[]];
        foreach (var requirement in policy.Requirements.OfType<ClaimsAuthorizationRequirement>().Where(r => r.ClaimType == ApiScopes.ClaimType))
        {
            var allowed = requirement.AllowedValues ?? [];
            choices = choices.SelectMany(choice => allowed.Select(scope => (IReadOnlyList<string>)[.. choice, scope])).ToList();
        }

        return new EndpointAccess(true, choices.ToList());
    }

    public string Describe() => NeedsScope
        ? $"Needs an API key with scope {string.Join(" or ", ScopeChoices.Select(choice => string.Join(" and ", choice)))}."
        : "Needs any valid API key.";
}
