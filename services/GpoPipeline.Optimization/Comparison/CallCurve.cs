namespace GpoPipeline.Optimization.Comparison;

/// <summary>
/// A method's best dev score as a function of the model calls spent (issue 17: "the score-per-call curve, the
/// budget at which each method reaches its best"). Input points are (calls spent so far, dev score of a
/// prompt scored then), in the order they were scored.
/// </summary>
public static class CallCurve
{
    /// <returns>The running best after each point: (calls, best so far).</returns>
    public static IReadOnlyList<(int Calls, double Best)> RunningBest(IReadOnlyList<(int Calls, double Score)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var curve = new List<(int, double)>(points.Count);
        var best = double.NegativeInfinity;
        var lastCalls = int.MinValue;
        foreach (var (calls, score) in points)
        {
            if (calls < lastCalls)
            {
                throw new ArgumentException($"Call counts must not decrease (got {calls} after {lastCalls}).", nameof(points));
            }

            best = Math.Max(best, score);
            lastCalls = calls;
            curve.Add((calls, best));
        }

        return curve;
    }

    /// <returns>The calls spent when the final best score was first reached, or null for no points.</returns>
    public static int? CallsToBest(IReadOnlyList<(int Calls, double Score)> points)
    {
        var curve = RunningBest(points);
        return curve.Count == 0 ? null : curve.First(p => p.Best == curve[^1].Best).Calls;
    }
}
