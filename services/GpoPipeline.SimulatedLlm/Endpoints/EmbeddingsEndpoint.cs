using System.Runtime.InteropServices;
using GpoPipeline.Embeddings;
using GpoPipeline.SimulatedLlm.Embeddings;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>
/// POST /v1/embeddings for sim-embedding: the shipped all-MiniLM-L6-v2 model (384 dimensions; a smaller
/// <c>dimensions</c> truncates and renormalises, as OpenAI's text-embedding-3 models do), or the hashed bag of words
/// when Simulator:EmbeddingModel is "hashed" or the model cannot load here.
/// </summary>
public sealed class EmbeddingsEndpoint(SimulatorOptions options, RequestLog log, ISentenceEncoder encoder)
{
    public Task HandleAsync(HttpContext http) => Exchange.HandleLoggedAsync(http, log, options, HandleAsync);

    private async Task HandleAsync(HttpContext http, Exchange exchange)
    {
        var (request, inputs, error) = EmbeddingRequestReader.Read(exchange.Body);
        if (request is null)
        {
            await OpenAiErrors.BadRequestAsync(http, exchange, error!);
            return;
        }

        exchange.Model = request.Model;
        exchange.N = inputs.Count;
        if (request.Model != SimModels.Embedding)
        {
            await (SimModels.All.Contains(request.Model)
                ? OpenAiErrors.BadRequestAsync(http, exchange, $"'{request.Model}' is a chat model; embeddings need '{SimModels.Embedding}'.")
                : OpenAiErrors.UnknownModelAsync(http, exchange, request.Model));
            return;
        }

        var vectors = Embed(inputs, request.Dimensions, out var refusal);
        if (vectors is null)
        {
            await OpenAiErrors.BadRequestAsync(http, exchange, refusal!);
            return;
        }

        var base64 = request.EncodingFormat == "base64";
        var items = vectors.Select((vector, i) =>
        {
            object embedding = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
            return new EmbeddingItem(i, embedding);
        }).ToList();
        exchange.PromptTokens = inputs.Sum(TokenEstimator.Count);
        exchange.QuotaTokens = exchange.PromptTokens;
        var response = new EmbeddingResponse(items, SimModels.Embedding, new EmbeddingUsage(exchange.PromptTokens));
        await ResponseDelivery.DeliverAsync(http, exchange, options, options.EmbeddingLatency, response);
    }

    private IReadOnlyList<float[]>? Embed(IReadOnlyList<string> inputs, int? dimensions, out string? refusal)
    {
        refusal = null;
        if (options.EmbeddingModel == "minilm")
        {
            if (dimensions is > MiniLmSentenceEncoder.Dimensions)
            {
                refusal = $"sim-embedding (all-MiniLM-L6-v2) has {MiniLmSentenceEncoder.Dimensions} dimensions; 'dimensions' must not exceed it.";
                return null;
            }

            try
            {
                var full = encoder.Encode(inputs);
                return dimensions is { } d and < MiniLmSentenceEncoder.Dimensions ? [.. full.Select(v => Shortened(v, d))] : full;
            }
            catch (SentenceEncoderUnavailableException)
            {
                // A platform without ONNX Runtime: still answer, with the hashed vectors.
            }
        }

        return [.. inputs.Select(text => HashedEmbedder.Embed(text, dimensions ?? options.EmbeddingDimensions))];
    }

    private static float[] Shortened(float[] vector, int dimensions)
    {
        var head = vector[..dimensions];
        var norm = MathF.Sqrt(head.Sum(x => x * x));
        return norm > 0 ? [.. head.Select(x => x / norm)] : head;
    }
}
