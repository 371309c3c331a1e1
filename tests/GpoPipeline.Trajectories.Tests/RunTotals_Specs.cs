using System.Reflection;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// <see cref="RunTotals"/> is the one place a run's usage counters are added up (summary, API, report, budget, span,
/// log all read it). Its counters are found by name on <see cref="UsageRecord"/>, so a counter added to the record and
/// left out of the totals fails here rather than reading 0 on every screen.
/// </summary>
public sealed class RunTotals_Specs
{
    // Retries behind the paid calls: kept per counter for the record, shown nowhere as a run total.
    private static readonly string[] NotTotalled = [nameof(UsageRecord.Attempts), nameof(UsageRecord.Step)];

    private static IEnumerable<PropertyInfo> Counters => typeof(UsageRecord).GetProperties()
        .Where(p => (p.PropertyType == typeof(long) || p.PropertyType == typeof(double) || p.PropertyType == typeof(int)) && !NotTotalled.Contains(p.Name));

    [Fact]
    public void When_usage_of_several_steps_and_roles_is_summed_Should_total_every_counter_of_the_records()
    {
        var usage = new[]
        {
            Record(step: 0, role: "task", seed: 1), Record(step: 1, role: "optimizer", seed: 10), Record(step: 1, role: "embedding", seed: 100),
        };

        var totals = RunTotals.From(usage);

        foreach (var counter in Counters)
        {
            var expected = usage.Sum(u => Convert.ToDouble(counter.GetValue(u), System.Globalization.CultureInfo.InvariantCulture));
            var actual = typeof(RunTotals).GetProperty(counter.Name)?.GetValue(totals)
                ?? throw new Xunit.Sdk.XunitException($"RunTotals has no {counter.Name}: a counter of UsageRecord that no screen would show.");
            Assert.Equal(expected, Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture), 9);
        }

        Assert.Equal(totals.InputTokens + totals.OutputTokens, totals.Tokens);
    }

    [Fact]
    public void When_a_run_has_no_usage_yet_Should_total_zero()
    {
        var totals = RunTotals.From([]);

        Assert.Equal(new RunTotals(0, 0, 0, 0, 0, 0), totals);
    }

    // Each counter its own value (seed × a prime per counter), so a counter summed into another's total shows.
    private static UsageRecord Record(int step, string role, int seed)
    {
        var record = new UsageRecord { RunId = Guid.Empty, Step = step, Role = role };
        var prime = 2;
        foreach (var counter in Counters)
        {
            counter.SetValue(record, counter.PropertyType == typeof(double) ? seed * prime * 0.001 : Convert.ChangeType(seed * prime, counter.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
            prime = NextPrime(prime);
        }

        record.Attempts = seed * 1000;
        return record;
    }

    private static int NextPrime(int after)
    {
        var candidate = after + 1;
        while (Enumerable.Range(2, Math.Max(0, (int)Math.Sqrt(candidate) - 1)).Any(d => candidate % d == 0))
        {
            candidate++;
        }

        return candidate;
    }
}
