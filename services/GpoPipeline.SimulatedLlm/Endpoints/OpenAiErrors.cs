using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>Writes errors in OpenAI's envelope so clients parse them exactly as they would a real API's.</summary>
public static class OpenAiErrors
{
    public static Task WriteAsync(HttpContext http, Exchange exchange, int status, string message, string type, string? code)
    {
        exchange.StatusCode = status;
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ErrorResponse(new ErrorBody(message, type, code)), SimJson.OpenAi, http.RequestAborted);
    }

    public static Task BadRequestAsync(HttpContext http, Exchange exchange, string message) =>
        WriteAsync(http, exchange, StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_request");

    public static Task UnknownModelAsync(HttpContext http, Exchange exchange, string? model) =>
        WriteAsync(http, exchange, StatusCodes.Status404NotFound,
            $"The model '{model}' does not exist on this simulator. Available models: {string.Join(", ", SimModels.All)}.",
            "invalid_request_error", "model_not_found");
}
