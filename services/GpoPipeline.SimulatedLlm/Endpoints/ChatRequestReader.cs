using System.Text.Json;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>Parses and checks a chat-completion body; failures are messages naming the field and what was expected.</summary>
public static class ChatRequestReader
{
    public const int MaxChoices = 128;

    public static (ChatCompletionRequest? Request, string? Error) Read(string body)
    {
        ChatCompletionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ChatCompletionRequest>(body, SimJson.OpenAi);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not a valid chat-completion JSON object: {ex.Message}");
        }

        if (JsonText.FirstUnpairedSurrogate(body) is { } unpaired)
        {
            return (null, $"The request body {JsonText.Refusal(unpaired)}"); // a message's text threw a 500 when read
        }

        var error = request switch
        {
            null => "The request body is empty; expected a JSON object with 'model' and 'messages'.",
            { Model: null or "" } => "Missing required field 'model' (a string such as 'sim-task').",
            { Messages: null or [] } => "Field 'messages' must be a non-empty array of {role, content} objects.",
            { N: < 1 or > MaxChoices } => $"Field 'n' must be between 1 and {MaxChoices}, got {request.N}.",
            { Temperature: < 0 or > 2 } => $"Field 'temperature' must be between 0 and 2, got {request.Temperature}.",
            { TokenLimit: < 1 } => $"Field 'max_completion_tokens'/'max_tokens' must be at least 1, got {request.TokenLimit}.",
            _ => request.Messages.Any(m => string.IsNullOrEmpty(m.Role))
                ? "Every entry of 'messages' needs a 'role' (system, user or assistant)."
                : null,
        };
        return error is null ? (request, null) : (null, error);
    }
}
