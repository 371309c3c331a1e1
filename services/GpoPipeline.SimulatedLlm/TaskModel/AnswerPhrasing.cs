using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>Wraps an answer the way a chat model words it: reasoning-ish filler in round 1, terse in round 2.</summary>
public static class AnswerPhrasing
{
    private static readonly string[] Openings =
    [
        "Let's see.",
        "Sure! Let me work through this.",
        "Okay, let's think about it.",
        "Let me look at the question carefully.",
    ];

    private static readonly string[] Middles =
    [
        "First, I'll go through the information given one piece at a time.",
        "Looking at the details, a few things stand out.",
        "Putting the pieces together and checking them against each other,",
        "After considering the possibilities,",
    ];

    private static readonly string[] Closings =
    [
        "So the answer is {0}.",
        "Therefore, the answer is {0}.",
        "The final answer is {0}.",
    ];

    public static string FirstRound(AnswerKind? kind, string answer, SeededRandom random)
    {
        if (kind == AnswerKind.Generation)
        {
            return answer; // Scored raw with ROUGE-L (spec §5.2), so no chatter around it.
        }

        var closing = string.Format(System.Globalization.CultureInfo.InvariantCulture, random.Pick(Closings), answer);
        return $"{random.Pick(Openings)} {random.Pick(Middles)} {closing}";
    }

    /// <summary>The answer to the format-forcing second turn: only the value ("(B)", "True", "42", the words).</summary>
    public static string SecondRound(string answer) => answer;
}
