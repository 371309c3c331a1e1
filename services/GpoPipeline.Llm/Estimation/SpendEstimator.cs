namespace GpoPipeline.Llm;

/// <summary>
/// Predicts a run's calls, tokens and cost before it starts (<c>gpo estimate</c>). Pure arithmetic:
/// <list type="bullet">
/// <item>tokens = ceil(chars / 4) + 4 per chat message (OpenAI's rule of thumb for English);</item>
/// <item>prompts scored on dev = 1 (initial) + steps × candidates: no deduplication assumed (spec §1 step 6 can only lower it);</item>
/// <item>scoring call: example + prompt in, max output out; the second extraction round re-sends both plus the first answer (spec §5.3);</item>
/// <item>optimizer call: k trajectory prompts + format examples + ~800 chars of instructions in, max output out (spec §2.4, §4).</item>
/// </list>
/// </summary>
public static class SpendEstimator
{
    public const int CharsPerToken = 4;
    public const int MetaPromptInstructionChars = 800;
    public const int SecondRoundInstructionChars = 80;

    public static SpendEstimate Estimate(SpendEstimateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long scoredOnDev = 1 + (long)input.Steps * input.Candidates;
        long scoredExamples = scoredOnDev * input.DevSize + (long)input.TestEvaluatedPrompts * input.TestSize;

        long round1In = Tokens(input.AverageExampleChars + input.AveragePromptChars);
        long round1Out = input.TaskMaxOutputTokens;
        long perExampleIn = round1In;
        long perExampleOut = round1Out;
        var callsPerExample = 1;
        if (input.TwoRoundExtraction)
        {
            // Round 2 holds the user turn, the assistant's answer and the format instruction.
            perExampleIn += round1In + round1Out + Tokens(SecondRoundInstructionChars) + 2 * TokenCounter.PerMessageOverhead;
            perExampleOut += input.SecondRoundMaxOutputTokens;
            callsPerExample = 2;
        }

        long optimizerCalls = (long)input.Steps * input.Candidates;
        long optimizerIn = Tokens(input.DirectionSize * input.AveragePromptChars
            + input.FormatExamples * input.AverageExampleChars + MetaPromptInstructionChars);

        long taskIn = scoredExamples * perExampleIn;
        long taskOut = scoredExamples * perExampleOut;
        long optIn = optimizerCalls * optimizerIn;
        long optOut = optimizerCalls * input.OptimizerMaxOutputTokens;
        return new SpendEstimate(
            scoredExamples * callsPerExample, taskIn, taskOut, input.TaskPrice.CostOf(taskIn, taskOut),
            optimizerCalls, optIn, optOut, input.OptimizerPrice.CostOf(optIn, optOut));
    }

    /// <summary>One chat message of <paramref name="chars"/> characters.</summary>
    private static long Tokens(long chars) => (chars + CharsPerToken - 1) / CharsPerToken + TokenCounter.PerMessageOverhead;
}
