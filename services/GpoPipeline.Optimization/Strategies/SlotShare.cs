namespace GpoPipeline.Optimization.Strategies;

/// <summary>Splits a number of candidate slots over parts as evenly as possible, earlier parts first.</summary>
public static class SlotShare
{
    public static IReadOnlyList<int> Split(int total, int parts)
    {
        if (parts <= 0)
        {
            return [];
        }

        return Enumerable.Range(0, parts).Select(i => (total / parts) + (i < total % parts ? 1 : 0)).ToList();
    }
}
