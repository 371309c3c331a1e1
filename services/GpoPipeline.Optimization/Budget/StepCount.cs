namespace GpoPipeline.Optimization.Budget;

/// <summary>Number of optimisation steps T (spec §1.2): epochs × round-half-up(|train| / batch).</summary>
public static class StepCount
{
    public static int For(int trainCount, int epochs = 3, int batchSize = 8)
    {
        if (trainCount < 1 || epochs < 1 || batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trainCount),
                $"Need a non-empty train split, epochs ≥ 1 and batch size ≥ 1 (got {trainCount}, {epochs}, {batchSize}).");
        }

        // floor(n / b), plus 1 when the remainder is at least half a batch (spec §1.2: n mod 8 >= 4).
        var perEpoch = (trainCount / batchSize) + ((trainCount % batchSize) * 2 >= batchSize ? 1 : 0);
        return epochs * Math.Max(1, perEpoch);
    }
}
