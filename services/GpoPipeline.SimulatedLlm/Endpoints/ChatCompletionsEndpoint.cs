using GpoPipeline.SimulatedLlm.Determinism;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>POST /v1/chat/completions for sim-task and sim-optimizer.</summary>
public sealed class ChatCompletionsEndpoint(SimulatorOptions options, RequestLog log, IEnumerable<IChatModel> models)
{
    public Task HandleAsync(HttpContext http) => Exchange.HandleLoggedAsync(http, log, options, HandleAsync);

    private async Task HandleAsync(HttpContext http, Exchange exchange)
    {
        var (request, error) = ChatRequestReader.Read(exchange.Body);
        if (request is null)
        {
            await OpenAiErrors.BadRequestAsync(http, exchange, error!);
            return;
        }

        exchange.Model = request.Model;
        exchange.N = request.N ?? 1;
        exchange.Seed = request.Seed;
        exchange.Temperature = request.Temperature;
        var model = models.FirstOrDefault(m => m.Name == request.Model);
        if (model is null)
        {
            await (request.Model == SimModels.Embedding
                ? OpenAiErrors.BadRequestAsync(http, exchange, $"'{SimModels.Embedding}' is an embedding model; use /v1/embeddings.")
                : OpenAiErrors.UnknownModelAsync(http, exchange, request.Model));
            return;
        }

        if (request.Stream == true)
        {
            await OpenAiErrors.BadRequestAsync(http, exchange, "Streaming ('stream': true) is not supported by the simulated LLM.");
            return;
        }

        var response = Answer(request, model, exchange);
        var latency = model.Name == SimModels.Optimizer ? options.OptimizerLatency : options.TaskLatency;
        await ResponseDelivery.DeliverAsync(http, exchange, options, latency, response);
    }

    private ChatCompletionResponse Answer(ChatCompletionRequest request, IChatModel model, Exchange exchange)
    {
        var call = new ChatCall(request.Messages!, options.Seed, request.Seed, exchange.BodyHashValue, request.Temperature ?? 1.0);
        var choices = new List<ChatChoice>();
        var completionTokens = 0;
        for (var i = 0; i < exchange.N; i++)
        {
            var content = model.Reply(call, i);
            var finish = "stop";
            var reasoning = options.ReasoningTokens;
            if (request.TokenLimit is { } limit && reasoning >= limit)
            {
                (content, reasoning) = ("", limit); // the whole budget went on reasoning: no answer
                finish = "length";
            }
            else if (request.TokenLimit is { } left && TokenEstimator.Count(content) > left - reasoning)
            {
                content = TokenEstimator.Truncate(content, left - reasoning);
                finish = "length";
            }

            completionTokens += reasoning + TokenEstimator.Count(content);
            choices.Add(new ChatChoice(i, new ChatResponseMessage("assistant", content), finish));
        }

        exchange.PromptTokens = request.Messages!.Sum(m => TokenEstimator.Count(m.Text));
        exchange.CompletionTokens = completionTokens;
        // OpenAI counts a request against tokens/min by its prompt and the most it may generate.
        exchange.QuotaTokens = exchange.PromptTokens + (request.TokenLimit is { } maxTokens ? maxTokens * exchange.N : completionTokens);
        var id = "chatcmpl-sim-" + StableHash.Hex(StableHash.Combine((ulong)options.Seed, exchange.BodyHashValue));
        return new ChatCompletionResponse(id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model.Name, choices,
            new Usage(exchange.PromptTokens, completionTokens));
    }
}
