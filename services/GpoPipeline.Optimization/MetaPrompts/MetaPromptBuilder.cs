using System.Text;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>
/// Builds the optimizer's meta-prompt (spec §2.4): opening, the update direction as Prompt/Score pairs,
/// the current prompt, the fixed task examples, the closing instruction, the learning-rate line
/// (omitted when <c>editBudget</c> is null, i.e. schedule "none") and the &lt;START&gt;/&lt;END&gt; line.
/// </summary>
public static class MetaPromptBuilder
{
    public static string Build(UpdateDirection direction, IReadOnlyList<Example> examples, int? editBudget, MetaPromptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(direction);
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new MetaPromptOptions();
        var trajectory = direction.Strategy != RetrievalStrategy.None;
        var text = new StringBuilder();
        text.Append(MetaPromptText.Opening(options.Refinement)).Append("\n\n");
        if (trajectory)
        {
            text.Append(MetaPromptText.TrajectoryHeading).Append("\n\n");
            foreach (var entry in direction.Entries)
            {
                text.Append(Pair(entry.Prompt, ScoreText.Format(entry.DevScore, options.ScoreDisplay))).Append("\n\n");
            }
        }
        else
        {
            text.Append(MetaPromptText.CurrentOnlyHeading).Append('\n')
                .Append(Pair(direction.Current.Prompt, ScoreText.FormatCurrentOnly(direction.Current.DevScore, options.ScoreDisplay))).Append("\n\n");
        }

        text.Append("The current prompt is:\n").Append(direction.Current.Prompt).Append("\n\n");
        text.Append(MetaPromptText.Exemplars(options.Refinement, trajectory)).Append("\n\n");
        // Spec §2.4 item 6: GSM8K targets are already the final number in data/ (the worked solution is a separate field).
        var shown = examples.Select(e => MetaPromptText.Example(e.Input, e.Target, options.Position));
        text.Append(string.Join("\n\n", shown)).Append("\n\n");
        text.Append(MetaPromptText.Closing(options.Refinement, trajectory, options.Position)).Append('\n');
        if (editBudget is { } words)
        {
            text.Append(MetaPromptText.LearningRate(words)).Append("\n\n"); // w_lr: just before the last line
        }

        return text.Append(MetaPromptText.Wrap(options.Refinement)).ToString();
    }

    private static string Pair(string prompt, string score) => $"Prompt: {prompt}\nScore: {score}";
}
