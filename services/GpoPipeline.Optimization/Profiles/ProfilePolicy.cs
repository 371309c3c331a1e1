using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Profiles;

/// <summary>
/// Every decision that differs between the profiles, in one place, so the workers only ask (issue 15;
/// docs/profiles.md). Both profiles keep a step whose replies gave no candidate: the current prompt stays.
/// </summary>
public sealed record ProfilePolicy
{
    public static readonly ProfilePolicy Production = new()
    {
        Profile = RunProfile.Production,
        Scores = ScoreDisplay.Percent,
        TagFallback = false,
        Duplicates = DuplicateRule.Loose,
        RetriesGeneration = true,
        SecondRound = SecondRoundRule.WhenAnswerNotFound,
        TestEvaluation = TestEvaluationRule.SeedAndBestDev,
    };

    public static readonly ProfilePolicy Paper = new()
    {
        Profile = RunProfile.Paper,
        Scores = ScoreDisplay.Raw,
        TagFallback = true,
        Duplicates = DuplicateRule.Exact,
        RetriesGeneration = false,
        SecondRound = SecondRoundRule.Llama2ChatModelsOnly,
        TestEvaluation = TestEvaluationRule.SeedAndEverySelected,
    };

    public required RunProfile Profile { get; init; }

    /// <summary>How dev scores are printed in the meta-prompt (issue 15 point 2).</summary>
    public required ScoreDisplay Scores { get; init; }

    /// <summary>A reply without &lt;START&gt;/&lt;END&gt; falls back to its start/end (optimize.py lines 39-49) instead of being rejected.</summary>
    public required bool TagFallback { get; init; }

    public required DuplicateRule Duplicates { get; init; }

    /// <summary>
    /// Ask the optimizer again when every reply of a step was rejected (up to Generation:MaxAttempts). The official
    /// code samples once per step (optimize.py lines 818-830).
    /// </summary>
    public required bool RetriesGeneration { get; init; }

    public required SecondRoundRule SecondRound { get; init; }

    public required TestEvaluationRule TestEvaluation { get; init; }

    /// <summary>Output tokens of the second answer round: 100, as in the code (eval_utils.py lines 672 and 683).</summary>
    public const int SecondRoundMaxOutputTokens = 100;

    public static ProfilePolicy For(RunProfile profile) => profile == RunProfile.Paper ? Paper : Production;

    /// <summary>Reads a stored or typed profile name ("paper", "production"; empty means production).</summary>
    public static ProfilePolicy For(string? profile) =>
        string.IsNullOrWhiteSpace(profile) ? Production : For(OptionNames.Parse<RunProfile>(profile, "Profile"));

    /// <summary>An explicit RunSettings.ScoresAsPercent wins over the profile.</summary>
    public ScoreDisplay ScoresShown(bool? scoresAsPercent) =>
        scoresAsPercent is { } percent ? (percent ? ScoreDisplay.Percent : ScoreDisplay.Raw) : Scores;

    /// <summary>The optimizer rounds a step may take.</summary>
    public int GenerationAttempts(int configured) => RetriesGeneration ? Math.Max(1, configured) : 1;
}
