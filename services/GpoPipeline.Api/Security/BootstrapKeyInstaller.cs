using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Security;

/// <summary>Installs ControlPlane:BootstrapAdminKey (hashed) when the host starts, before the first request is served.</summary>
public sealed class BootstrapKeyInstaller(IServiceScopeFactory scopes, IOptions<ControlPlaneOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BootstrapAdminKey is not { Length: > 0 } key)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>().InstallAsync(key, "bootstrap admin", [ApiScopes.Admin], cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
