namespace GpoPipeline.Api.Serving;

/// <summary>
/// What POST /v1/chat/completions reads, for the OpenAPI document: an OpenAI chat request whose <c>model</c> is
/// <c>gpo:&lt;task&gt;</c>. The proxy forwards the body as it came (every other OpenAI field passes through), so it
/// reads the raw JSON and this record only describes it.
/// </summary>
public sealed record ChatCompletionRequest(string Model, IReadOnlyList<ChatCompletionMessage> Messages, bool? Stream);

/// <summary>One message of a <see cref="ChatCompletionRequest"/>; the champion prompt goes into the last user message.</summary>
public sealed record ChatCompletionMessage(string Role, string Content);
