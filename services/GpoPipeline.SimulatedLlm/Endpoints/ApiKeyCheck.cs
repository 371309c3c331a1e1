using System.Security.Cryptography;
using System.Text;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>Bearer-key check, active only when <see cref="SimulatorOptions.ApiKey"/> is set.</summary>
public static class ApiKeyCheck
{
    /// <returns>True when the request may proceed; otherwise a 401 has been written.</returns>
    public static async Task<bool> PassAsync(HttpContext http, Exchange exchange, SimulatorOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return true;
        }

        var header = http.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        var presented = header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : string.Empty;
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.ApiKey)))
        {
            return true;
        }

        var message = presented.Length == 0
            ? "You didn't provide an API key. Send 'Authorization: Bearer <key>' (the simulator was started with an API key)."
            : "Incorrect API key provided to the simulated LLM.";
        await OpenAiErrors.WriteAsync(http, exchange, StatusCodes.Status401Unauthorized, message, "invalid_request_error", "invalid_api_key");
        return false;
    }
}
