using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Security;

/// <summary>
/// Installs ControlPlane:BootstrapAdminKey (hashed) when the host starts, before the first request is served. A session
/// key (ControlPlane:BootstrapKeyPerSession, set by `gpo serve`) first revokes the session keys of earlier starts.
/// </summary>
public sealed class BootstrapKeyInstaller(IServiceScopeFactory scopes, IOptions<ControlPlaneOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BootstrapAdminKey is not { Length: > 0 } key)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        if (options.Value.BootstrapKeyPerSession)
        {
            await issuer.RevokeEarlierSessionKeysAsync(key, cancellationToken);
        }

        var name = options.Value.BootstrapKeyPerSession ? ApiKeyIssuer.SessionKeyName : "bootstrap admin";
        await issuer.InstallAsync(key, name, [ApiScopes.Admin], cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
