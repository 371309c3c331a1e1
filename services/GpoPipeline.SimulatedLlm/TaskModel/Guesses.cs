using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>What sim-task says to a question it has no gold answer for: a plausible random guess.</summary>
public static class Guesses
{
    public static string For(string question, SeededRandom random)
    {
        if (OptionLetters.HasOptions(question))
        {
            return random.Pick(OptionLetters.In(question));
        }

        if (question.Contains("- Yes", StringComparison.Ordinal) || question.Contains("Yes or No", StringComparison.OrdinalIgnoreCase))
        {
            return random.Chance(0.5) ? "Yes" : "No";
        }

        if (question.Contains("True", StringComparison.Ordinal) || question.Contains("False", StringComparison.Ordinal))
        {
            return random.Chance(0.5) ? "True" : "False";
        }

        return random.Next(20).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
