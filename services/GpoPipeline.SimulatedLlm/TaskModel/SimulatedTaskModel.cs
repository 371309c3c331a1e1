using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;
using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>
/// sim-task: answers benchmark questions it knows from the data roots, correct with probability
/// p(instruction, task) (<see cref="InstructionQuality"/>). Correctness depends only on the first user
/// message (and seeds), so the two-round format turn (spec §5.3) repeats the round-1 answer.
/// </summary>
public sealed class SimulatedTaskModel(GoldIndex gold) : IChatModel
{
    private const ulong Salt = 0x5441534B; // "TASK"

    public string Name => SimModels.Task;

    public string Reply(ChatCall chat, int choiceIndex)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var users = chat.Messages.Where(m => m.Role == "user").ToList();
        var first = users.Count > 0 ? users[0].Text : chat.Messages[^1].Text;
        var located = QuestionLocator.Locate(first, gold);

        // At temperature 0 every choice is the same answer, as with a real model.
        var choiceSalt = chat.Temperature > 0 ? (ulong)choiceIndex : 0;
        var hash = StableHash.Combine((ulong)chat.Seed, RequestSeed(chat), StableHash.Of(located.Instruction), StableHash.Of(located.Question), choiceSalt, Salt);
        var random = new SeededRandom(hash);
        string answer;
        if (located.Example is { } example)
        {
            var correct = StableHash.Unit(hash) < InstructionQuality.Probability(located.Instruction, example);
            answer = correct ? example.Gold : WrongAnswers.For(example, random);
        }
        else
        {
            answer = Guesses.For(located.Question, random);
        }

        return users.Count >= 2
            ? AnswerPhrasing.SecondRound(answer)
            : AnswerPhrasing.FirstRound(located.Example?.Kind, answer, random);
    }

    internal static ulong RequestSeed(ChatCall chat) => chat.RequestSeed is { } seed ? StableHash.Combine((ulong)seed, 1) : 0;
}
