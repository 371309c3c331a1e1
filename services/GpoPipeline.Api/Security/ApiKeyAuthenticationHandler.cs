using System.Security.Claims;
using System.Text.Encodings.Web;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer gpo_…</c> (what the OpenAI client sends) or <c>X-Api-Key</c>. Challenges and
/// forbids answer as RFC 9457 problem details. The key never reaches a log: failures name only the reason.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCredentials credentials,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var check = await credentials.CheckAsync(Request, TimeProvider.GetUtcNow(), Context.RequestAborted);
        return check switch
        {
            { Key: { } record } => Success(record),
            { Failure: { } failure } => AuthenticateResult.Fail(failure),
            _ => AuthenticateResult.NoResult(),
        };
    }

    private static AuthenticateResult Success(ApiKeyRecord record)
    {
        List<Claim> claims = [new(ApiScopes.KeyIdClaimType, record.Id), new(ClaimTypes.Name, record.Name)];
        claims.AddRange(ApiScopes.Expand(record.Scopes).Select(scope => new Claim(ApiScopes.ClaimType, scope)));
        if (record.Task is not null)
        {
            claims.Add(new Claim(ApiScopes.TaskClaimType, record.Task));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        await WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            failure ?? "This endpoint needs an API key: send 'Authorization: Bearer gpo_…' or 'X-Api-Key: gpo_…'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden",
            "The API key's scopes do not allow this request (read < write < admin; a proxy key may only use its own task).");
    }

    private Task WriteAsync(int status, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" },
        }).AsTask();
}
