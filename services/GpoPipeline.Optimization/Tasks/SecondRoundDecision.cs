using System.Text.RegularExpressions;
using GpoPipeline.Optimization.Profiles;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>Whether to ask the task model the second, format-forcing turn after its first answer (issue 15 point 5).</summary>
public static partial class SecondRoundDecision
{
    /// <param name="allowed">RunSettings.TwoRoundExtraction: false turns the second round off in every profile.</param>
    /// <param name="taskModel">The model the scorer calls (Llm:Task:Model), for the paper profile's rule.</param>
    public static bool IsNeeded(ProfilePolicy policy, TaskDefinition task, string? taskModel, string firstReply, bool allowed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(task);
        if (!allowed || task.Kind == TaskKind.Generation)
        {
            return false; // WebNLG has extract_final_answer_by_prompting_again = False (dataset/webnlg.py line 95)
        }

        return policy.SecondRound == SecondRoundRule.Llama2ChatModelsOnly
            ? IsLlama2Chat(taskModel)
            : !AnswerPresence.Found(task.Kind, firstReply ?? string.Empty);
    }

    /// <summary>
    /// The code's is_chat_model: scorer "llama2-chat-7b" or "llama2-chat-13b" (eval_utils.py lines 562-567). Served
    /// names vary ("meta-llama/Llama-2-7b-chat-hf", "llama-2-13b-chat"), so any Llama-2 chat name counts.
    /// </summary>
    public static bool IsLlama2Chat(string? model) => model is not null && Llama2Chat().IsMatch(model);

    [GeneratedRegex(@"llama-?2.*chat", RegexOptions.IgnoreCase)]
    private static partial Regex Llama2Chat();
}
