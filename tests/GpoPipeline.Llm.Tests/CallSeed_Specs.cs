namespace GpoPipeline.Llm.Tests;

public sealed class CallSeed_Specs
{
    [Fact]
    public void When_candidates_of_one_step_are_seeded_Should_each_get_a_different_stable_seed()
    {
        var call = new ModelCall(Guid.NewGuid(), 5);

        var seeds = Enumerable.Range(0, 64).Select(i => CallSeed.For(call.ForCandidate(i))).ToList();
        var again = Enumerable.Range(0, 64).Select(i => CallSeed.For(call with { CandidateIndex = i, Purpose = "other" })).ToList();

        Assert.Equal(64, seeds.Distinct().Count());
        Assert.Equal(seeds, again);
        Assert.All(seeds, seed => Assert.InRange(seed, 0, int.MaxValue));
    }

    [Fact]
    public void When_the_run_or_step_differs_Should_change_the_seed()
    {
        var call = new ModelCall(Guid.NewGuid(), 1, 0);

        Assert.NotEqual(CallSeed.For(call), CallSeed.For(call with { Step = 2 }));
        Assert.NotEqual(CallSeed.For(call), CallSeed.For(call with { RunId = Guid.NewGuid() }));
    }
}
