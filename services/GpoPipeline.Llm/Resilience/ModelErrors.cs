using System.ClientModel;

namespace GpoPipeline.Llm;

/// <summary>Turns a failed call into a <see cref="ModelCallException"/> whose message says what to change.</summary>
internal static class ModelErrors
{
    public static ModelCallException Translate(Exception error, ModelRole role, ModelEndpointOptions endpoint, int attempts)
    {
        var section = LlmSections.For(role);
        var who = $"the {role.ToString().ToLowerInvariant()} model";
        var status = TransientErrors.StatusOf(error);
        var serverSays = Redact(ServerMessage(error), endpoint.ApiKey);
        var message = status switch
        {
            401 or 403 => $"The API key for {who} was rejected ({status}) by {endpoint.BaseUrl}; set {section}:ApiKey or {LlmSections.ApiKeyVariable}.",
            404 => $"{endpoint.BaseUrl} does not know model '{endpoint.Model}' for {who} (404){serverSays}; check {section}:Model and {section}:BaseUrl.",
            400 or 422 => $"{endpoint.BaseUrl} rejected the request for {who} '{endpoint.Model}' ({status}){serverSays}; check {section}:MaxOutputTokens and {section}:Temperature.",
            _ when TransientErrors.IsTransient(error) =>
                $"{who} at {endpoint.BaseUrl} still failed after {attempts} attempt(s): {Describe(error, status, endpoint)}; raise {section}:MaxRetries or {section}:Timeout, or lower {section}:MaxConcurrency.",
            _ => $"{who} at {endpoint.BaseUrl} failed: {Describe(error, status, endpoint)}.",
        };
        // A 401 body may echo part of the key (OpenAI masks all but a few characters); keep it out of logged exception chains.
        message = char.ToUpperInvariant(message[0]) + message[1..];
        return status is 401 or 403 ? new ModelCallException(message) { Role = role, StatusCode = status } : new ModelCallException(message, error)
        {
            Role = role,
            StatusCode = status,
            IsTransient = TransientErrors.IsTransient(error),
        };
    }

    private static string Describe(Exception error, int? status, ModelEndpointOptions endpoint) => status is { } code
        ? $"HTTP {code}{Redact(ServerMessage(error), endpoint.ApiKey)}"
        : $"{error.GetType().Name}: {error.Message}";

    /// <summary>Servers may echo the key (even masked); the message can end up in logs, so the key never does.</summary>
    /// <remarks>
    /// Only as a whole token (not inside a word) and only keys of at least <see cref="MinimumRedactedKeyLength"/>
    /// characters: a 1-character test key once turned "does not exist" into "does not e[redacted]ist" (issue 18).
    /// </remarks>
    internal static string Redact(string text, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) || apiKey.Length < MinimumRedactedKeyLength
            ? text
            : System.Text.RegularExpressions.Regex.Replace(
                text, $"(?<![A-Za-z0-9_-]){System.Text.RegularExpressions.Regex.Escape(apiKey)}(?![A-Za-z0-9_-])", "[redacted]",
                System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    internal const int MinimumRedactedKeyLength = 8;

    /// <summary>The server's own error text (OpenAI-style JSON body), trimmed; never request content.</summary>
    private static string ServerMessage(Exception error)
    {
        if (error is not ClientResultException { } result)
        {
            return string.Empty;
        }

        var text = result.GetRawResponse()?.Content?.ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        text = text.ReplaceLineEndings(" ").Trim();
        return $": \"{(text.Length > 300 ? text[..300] + "…" : text)}\"";
    }
}
