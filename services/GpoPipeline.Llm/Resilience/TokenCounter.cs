using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace GpoPipeline.Llm;

/// <summary>
/// Local token counts for when a server omits usage and for rate-limit reservations. Uses the o200k_base
/// vocabulary (GPT-4o family): exact for those models, an approximation (typically within ~20 %) for others;
/// records counted this way are marked Estimated.
/// </summary>
public static class TokenCounter
{
    /// <summary>Chat-format overhead per message (role and separators), as OpenAI documents it for its models.</summary>
    public const int PerMessageOverhead = 4;

    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);

    public static int Count(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Sum(message => PerMessageOverhead + Count(message.Text));
    }
}
