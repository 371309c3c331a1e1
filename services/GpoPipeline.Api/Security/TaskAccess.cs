using System.Security.Claims;

namespace GpoPipeline.Api.Security;

/// <summary>A proxy key names one task; any other task is out of its reach (issue 12).</summary>
public static class TaskAccess
{
    public static bool Allows(ClaimsPrincipal user, string task)
    {
        ArgumentNullException.ThrowIfNull(user);
        var bound = user.FindFirst(ApiScopes.TaskClaimType)?.Value;
        return bound is null ? user.HasClaim(ApiScopes.ClaimType, ApiScopes.Read) || user.HasClaim(ApiScopes.ClaimType, ApiScopes.Write)
            : string.Equals(bound, task, StringComparison.Ordinal);
    }

    public static string Caller(ClaimsPrincipal user) =>
        user?.FindFirst(ClaimTypes.Name)?.Value is { Length: > 0 } name ? $"key:{name}" : "key";
}
