namespace GpoPipeline.Api;

/// <summary>The <c>?limit=</c> of a list that answers the newest entries (dataset versions, champion history).</summary>
public static class QueryLimit
{
    /// <summary>The newest entries a list answers by default.</summary>
    public const int Default = 20;

    /// <summary>The most a list answers (<see cref="Runs.RunsApi.MaxPageSize"/>, as a runs page).</summary>
    public const int Max = Runs.RunsApi.MaxPageSize;

    /// <summary>A 422 naming the parameter unless <paramref name="limit"/> is 1–<see cref="Max"/>.</summary>
    public static int Checked(int limit) => limit is >= 1 and <= Max
        ? limit
        : throw ApiProblemException.Invalid($"Query 'limit' must be 1–{Max} (got {limit}).");
}
