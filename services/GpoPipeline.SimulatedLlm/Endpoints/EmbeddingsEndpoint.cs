using System.Runtime.InteropServices;
using GpoPipeline.SimulatedLlm.Embeddings;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>POST /v1/embeddings for sim-embedding.</summary>
public sealed class EmbeddingsEndpoint(SimulatorOptions options, RequestLog log)
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

        var dimensions = request.Dimensions ?? options.EmbeddingDimensions;
        var base64 = request.EncodingFormat == "base64";
        var items = inputs.Select((text, i) =>
        {
            var vector = HashedEmbedder.Embed(text, dimensions);
            object embedding = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
            return new EmbeddingItem(i, embedding);
        }).ToList();
        exchange.PromptTokens = inputs.Sum(TokenEstimator.Count);
        exchange.QuotaTokens = exchange.PromptTokens;
        var response = new EmbeddingResponse(items, SimModels.Embedding, new EmbeddingUsage(exchange.PromptTokens));
        await ResponseDelivery.DeliverAsync(http, exchange, options, options.EmbeddingLatency, response);
    }
}
