namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class RequestHold_Specs
{
    private static readonly object Body = new { model = "sim-embedding", input = "hold probe" };

    [Fact]
    public async Task When_the_hold_closes_after_two_requests_Should_answer_two_and_keep_the_third_waiting_until_it_opens()
    {
        var hold = new RequestHold();
        hold.CloseAfter(2);
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 3, Hold = hold });
        using var client = new SimClient(sim);

        await client.PostJsonAsync("embeddings", Body);
        await client.PostJsonAsync("embeddings", Body);
        var third = client.PostJsonAsync("embeddings", Body);
        await hold.WhenHoldingAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(third.IsCompleted, "the third request was answered through a closed hold");
        Assert.Equal(1, hold.Held);
        hold.Open();
        await third.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, hold.Held);
        Assert.Equal(3, sim.Requests.Snapshot().Count(r => r.StatusCode == 200));
    }
}
