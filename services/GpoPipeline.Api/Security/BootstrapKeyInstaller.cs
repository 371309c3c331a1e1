using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Security;

/// <summary>
/// Installs ControlPlane:BootstrapAdminKey (hashed) when the host starts, before the first request is served, and revokes
/// the bootstrap keys earlier starts installed before it (the setting was rotated). A session key
/// (ControlPlane:BootstrapKeyPerSession, set by `gpo serve`) first revokes the session keys of earlier starts instead.
/// </summary>
public sealed class BootstrapKeyInstaller(IServiceScopeFactory scopes, IOptions<ControlPlaneOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Trimmed: a key set from a secret file often ends in a newline, which no request can send (HTTP trims header values).
        if (options.Value.BootstrapAdminKey?.Trim() is not { Length: > 0 } key)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        if (options.Value.BootstrapKeyPerSession)
        {
            await issuer.RevokeEarlierSessionKeysAsync(key, cancellationToken);
            await issuer.InstallAsync(key, ApiKeyIssuer.SessionKeyName, [ApiScopes.Admin], cancellationToken);
            return;
        }

        var installed = await issuer.InstallAsync(key, ApiKeyIssuer.BootstrapKeyName, [ApiScopes.Admin], cancellationToken);
        await issuer.RevokeEarlierConfiguredKeysAsync(installed, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
