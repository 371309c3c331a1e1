namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>The arguments of `scenarios`: a flag it does not know must not start a 20-minute run (as `--help` once did).</summary>
public static class ScenariosCommandLine
{
    public const string Usage = "usage: scenarios [--quick] [--only P1,P2,…] [--out <folder>] | scenarios --timeline | scenarios --zero-cost-sweep";

    public static bool AsksForHelp(IReadOnlyList<string> arguments) => arguments.Any(a => a is "--help" or "-h");

    /// <param name="arguments">What follows `scenarios`.</param>
    /// <returns>What is wrong with them, or null.</returns>
    public static string? Problem(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is "--only" or "--out")
            {
                if (i + 1 >= arguments.Count || arguments[i + 1].StartsWith('-'))
                {
                    return $"{arguments[i]} needs a value";
                }

                i++; // the value
            }
            else if (arguments[i] is not ("--quick" or "--timeline" or "--zero-cost-sweep"))
            {
                return $"unknown argument '{arguments[i]}'";
            }
        }

        return null;
    }
}
