using System.Security.Claims;
using System.Text.Encodings.Web;
using GpoPipeline.Api.Dashboard;
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
    ControlPlaneStore store,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return StreamTokenPresented() is { } token ? await AuthenticateStreamAsync(token) : AuthenticateResult.NoResult();
        }

        if (!ApiKeySecret.TryParse(presented, out var id, out var secret))
        {
            return AuthenticateResult.Fail("The API key is not a GpoPipeline key.");
        }

        var record = await store.GetApiKeyAsync(id, Context.RequestAborted);
        if (record is null || record.Revoked || !ApiKeySecret.Matches(secret, record.SecretHash))
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        return Success(record);
    }

    /// <summary>An event stream opened by a browser's EventSource, which cannot send headers: a short-lived token in the query.</summary>
    private async Task<AuthenticateResult> AuthenticateStreamAsync(string token)
    {
        if (!StreamToken.TryReadKeyId(token, out var id))
        {
            return AuthenticateResult.Fail("The stream token is not a GpoPipeline stream token; get one from POST /v1/stream-tokens.");
        }

        var record = await store.GetApiKeyAsync(id, Context.RequestAborted);
        return record is null || record.Revoked || !StreamToken.IsValid(token, record.SecretHash, TimeProvider.GetUtcNow())
            ? AuthenticateResult.Fail("The stream token is expired, invalid or its key was revoked; get a new one from POST /v1/stream-tokens.")
            : Success(record);
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

    /// <summary>Only for GET …/events (server-sent events); everywhere else a key must come in a header.</summary>
    private string? StreamTokenPresented() =>
        HttpMethods.IsGet(Request.Method) && Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
            && Request.Query.TryGetValue(StreamToken.QueryName, out var token) && token.Count == 1 ? token[0] : null;

    private string? Presented()
    {
        if (Request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0)
        {
            return header[0];
        }

        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
