using System.Text.Json;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>Parses an embeddings body into its texts; failures are messages naming the field and what was expected.</summary>
public static class EmbeddingRequestReader
{
    public static (EmbeddingRequest? Request, IReadOnlyList<string> Inputs, string? Error) Read(string body)
    {
        EmbeddingRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<EmbeddingRequest>(body, SimJson.OpenAi);
        }
        catch (JsonException ex)
        {
            return (null, [], $"The request body is not a valid embeddings JSON object: {ex.Message}");
        }

        if (JsonText.FirstUnpairedSurrogate(body) is { } unpaired)
        {
            return (null, [], $"The request body {JsonText.Refusal(unpaired)}"); // an input's text threw a 500 when read
        }

        if (request is null || string.IsNullOrEmpty(request.Model))
        {
            return (null, [], "Missing required field 'model' (a string such as 'sim-embedding').");
        }

        if (request.EncodingFormat is not (null or "float" or "base64"))
        {
            return (null, [], $"Field 'encoding_format' must be 'float' or 'base64', got '{request.EncodingFormat}'.");
        }

        if (request.Dimensions is < 8 or > 4096)
        {
            return (null, [], $"Field 'dimensions' must be between 8 and 4096, got {request.Dimensions}.");
        }

        var input = request.Input;
        if (input.ValueKind == JsonValueKind.String)
        {
            return (request, [input.GetString()!], null);
        }

        if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0
            && input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return (request, [.. input.EnumerateArray().Select(e => e.GetString()!)], null);
        }

        return (null, [], "Field 'input' must be a string or a non-empty array of strings (token arrays are not supported by the simulator).");
    }
}
