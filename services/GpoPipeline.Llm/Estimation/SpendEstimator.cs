namespace GpoPipeline.Llm;

/// <summary>
/// Predicts a run's calls, tokens and cost before it starts (<c>gpo estimate</c>): the expected figure and the upper
/// bound. Pure arithmetic:
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
            optimizerCalls, optIn, optOut, input.OptimizerPrice.CostOf(optIn, optOut))
        {
            // The scheduler keeps each prompt's embedding with the trajectory (DESIGN §2, memoized), so a step embeds
            // only the prompt the previous step added: one call of one text per step.
            EmbeddingCalls = input.UsesEmbeddings ? input.Steps : 0,
            EmbeddedTexts = input.UsesEmbeddings ? input.Steps : 0,
        };
    }

    /// <summary>Tokens of a one-sentence first-round answer around the target ("… so the answer is X.").</summary>
    public const int SentenceTokens = 16;

    /// <summary>Tokens a candidate reply adds around the prompt (tags, a short lead-in).</summary>
    public const int CandidateReplyOverheadTokens = 20;

    /// <summary>
    /// The expected spend: the calls of <see cref="Estimate"/> for the candidates that get scored
    /// (<see cref="SpendEstimateInput.ScoredCandidateShare"/>), replies at their typical length (the target and a
    /// sentence for the task model, the prompt for the optimizer) within their max tokens.
    /// </summary>
    public static SpendEstimate Expect(SpendEstimateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scoredOnDev = 1 + input.Steps * input.Candidates * input.ScoredCandidateShare;
        var scoredExamples = scoredOnDev * input.DevSize + (double)input.TestEvaluatedPrompts * input.TestSize;
        double round1In = Tokens(input.AverageExampleChars + input.ExpectedPromptChars);
        double answer = Math.Min(input.TaskMaxOutputTokens, input.ExpectedAnswerTokens ?? SentenceTokens + input.AverageTargetTokens);
        double perExampleIn = round1In;
        var perExampleOut = answer;
        var callsPerExample = 1.0;
        if (input.TwoRoundExtraction)
        {
            var share = Math.Clamp(input.ExpectedSecondRoundShare, 0, 1);
            perExampleIn += share * (round1In + answer + Tokens(SecondRoundInstructionChars) + 2 * TokenCounter.PerMessageOverhead);
            perExampleOut += share * Math.Min(input.SecondRoundMaxOutputTokens, input.AverageTargetTokens + 1);
            callsPerExample += share;
        }

        long optimizerCalls = (long)input.Steps * input.Candidates;
        long optimizerIn = Tokens(input.DirectionSize * input.ExpectedPromptChars
            + input.FormatExamples * input.AverageExampleChars + MetaPromptInstructionChars);
        long optimizerOut = Math.Min(input.OptimizerMaxOutputTokens, (input.ExpectedPromptChars + CharsPerToken - 1) / CharsPerToken + CandidateReplyOverheadTokens);

        var taskIn = (long)Math.Round(scoredExamples * perExampleIn);
        var taskOut = (long)Math.Round(scoredExamples * perExampleOut);
        var optIn = optimizerCalls * optimizerIn;
        var optOut = optimizerCalls * optimizerOut;
        return new SpendEstimate(
            (long)Math.Round(scoredExamples * callsPerExample), taskIn, taskOut, input.TaskPrice.CostOf(taskIn, taskOut),
            optimizerCalls, optIn, optOut, input.OptimizerPrice.CostOf(optIn, optOut))
        {
            // Step s embeds the s prompts of its trajectory (the initial one and one per completed step), one
            // request per prompt (cache hits included: a repeated prompt costs nothing).
            // The scheduler keeps each prompt's embedding with the trajectory (DESIGN §2, memoized), so a step embeds
            // only the prompt the previous step added: one call of one text per step.
            EmbeddingCalls = input.UsesEmbeddings ? input.Steps : 0,
            EmbeddedTexts = input.UsesEmbeddings ? input.Steps : 0,
        };
    }

    /// <summary>One chat message of <paramref name="chars"/> characters.</summary>
    private static long Tokens(long chars) => (chars + CharsPerToken - 1) / CharsPerToken + TokenCounter.PerMessageOverhead;
}
