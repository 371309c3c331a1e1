namespace GpoPipeline.Llm.Tests;

public sealed class Budget_Specs
{
    [Fact]
    public async Task When_the_budget_allows_three_calls_Should_stop_the_fourth_before_sending_it()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 1) { Budget = new RunBudget(MaxCalls: 3) };
        for (var i = 0; i < 3; i++)
        {
            await llm.Task.CompleteAsync(ModelAccessHarness.Question($"question {i}"), call, default);
        }

        var error = await Assert.ThrowsAsync<BudgetExhaustedException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("question 3"), call, default));

        Assert.Equal("calls", error.Limit);
        Assert.Equal(call.RunId, error.RunId);
        Assert.Contains("3 calls made", error.Message);
        Assert.Equal(3, llm.Requests.Count);
    }

    [Fact]
    public async Task When_twenty_calls_race_for_a_budget_of_five_Should_send_exactly_five()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 1) { Budget = new RunBudget(MaxCalls: 5) };

        var attempts = Enumerable.Range(0, 20).Select(i => Outcome(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question($"race {i}"), call, default)));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(5, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<BudgetExhaustedException>(o));
        Assert.Equal(5, llm.Requests.Count);
    }

    [Fact]
    public async Task When_the_token_budget_is_spent_Should_stop_the_next_call()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 2) { Budget = new RunBudget(MaxTokens: 1) };
        await llm.Task.CompleteAsync(ModelAccessHarness.Question("first"), call, default);

        var error = await Assert.ThrowsAsync<BudgetExhaustedException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("second"), call, default));

        Assert.Equal("tokens", error.Limit);
        Assert.Single(llm.Requests);
    }

    [Fact]
    public async Task When_the_budget_is_spent_Should_still_answer_cached_calls()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 1) { Budget = new RunBudget(MaxCalls: 1) };
        var paid = await llm.Task.CompleteAsync(ModelAccessHarness.Question("again"), call, default);

        var replay = await llm.Task.CompleteAsync(ModelAccessHarness.Question("again"), call, default);

        Assert.Equal(paid.Text, replay.Text);
        Assert.True(replay.Usage.CacheHit);
    }

    [Fact]
    public async Task When_calls_complete_Should_account_exactly_the_usage_the_server_reported()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 1);
        for (var i = 0; i < 6; i++)
        {
            await llm.Task.CompleteAsync(ModelAccessHarness.Question($"How many legs has animal {i}?"), call, default);
        }

        await llm.Optimizer.GenerateAsync("Improve: Let's think step by step.", 3, call, default);

        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        var requests = llm.Requests;
        Assert.Equal(requests.Count, totals.Calls);
        Assert.Equal(requests.Sum(r => (long)r.PromptTokens), totals.InputTokens);
        Assert.Equal(requests.Sum(r => (long)r.CompletionTokens), totals.OutputTokens);
        var expectedCost = requests.Sum(r => r.Model == "sim-task"
            ? (r.PromptTokens * 0.5 + r.CompletionTokens * 1.5) / 1e6
            : (r.PromptTokens * 3.0 + r.CompletionTokens * 6.0) / 1e6);
        Assert.Equal(expectedCost, totals.Cost, precision: 12);
        Assert.Equal(0, totals.EstimatedCalls);
    }

    private static async Task<Exception?> Outcome(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }
}
