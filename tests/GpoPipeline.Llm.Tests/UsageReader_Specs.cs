using Microsoft.Extensions.AI;

namespace GpoPipeline.Llm.Tests;

public sealed class UsageReader_Specs
{
    private static readonly TaskModelOptions Prices = new() { Model = "m", InputPricePerMillion = 2, OutputPricePerMillion = 4 };

    [Fact]
    public void When_the_server_reports_usage_Should_use_it_and_price_it()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))
        {
            Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 },
        };

        var usage = UsageReader.ForChat(response, [new(ChatRole.User, "question")], Prices);

        Assert.Equal((1000L, 500L, false), (usage.InputTokens, usage.OutputTokens, usage.Estimated));
        Assert.Equal((1000 * 2 + 500 * 4) / 1e6, usage.Cost, precision: 12);
    }

    [Fact]
    public void When_the_server_omits_usage_Should_count_tokens_locally_and_mark_them_estimated()
    {
        const string answer = "The answer is (B) because the second option matches.";
        const string question = "Which option matches? (A) none (B) the second";
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer));

        var usage = UsageReader.ForChat(response, [new(ChatRole.User, question)], Prices);

        Assert.True(usage.Estimated);
        Assert.Equal(TokenCounter.Count(question) + TokenCounter.PerMessageOverhead, usage.InputTokens);
        Assert.Equal(TokenCounter.Count(answer), usage.OutputTokens);
        Assert.InRange(usage.OutputTokens, answer.Length / 6, answer.Length / 2);
        Assert.Equal(usage.InputTokens, response.Usage?.InputTokenCount);
    }
}
