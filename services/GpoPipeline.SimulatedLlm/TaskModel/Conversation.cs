using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>
/// Finds the user turn that asks the question and whether the request is the second-round format turn
/// (spec §5.3: question, the model's answer, then "summarize your answer ..."). Few-shot demos (user/assistant
/// pairs before the real question) are not mistaken for a second round, because the question turn is the
/// last user turn that holds a known question.
/// </summary>
public static class Conversation
{
    public static (LocatedQuestion Question, bool IsFormatTurn) Read(IReadOnlyList<ChatMessageDto> messages, GoldIndex gold)
    {
        var userTurns = messages.Select((m, i) => (m, i)).Where(t => t.m.Role == "user").Select(t => t.i).ToList();
        if (userTurns.Count == 0)
        {
            return (QuestionLocator.Locate(messages[^1].Text, gold), false);
        }

        for (var k = userTurns.Count - 1; k >= 0; k--)
        {
            var located = QuestionLocator.Locate(messages[userTurns[k]].Text, gold);
            if (located.Example is not null)
            {
                return (located, k < userTurns.Count - 1);
            }
        }

        // No known question anywhere: the first user turn is the question, later user turns are format turns.
        return (QuestionLocator.Locate(messages[userTurns[0]].Text, gold), userTurns.Count > 1);
    }
}
