using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;
using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>
/// sim-task: answers benchmark questions it knows from the data roots, correct with probability
/// p(instruction, task) (<see cref="InstructionQuality"/>). Correctness depends only on the first user
/// message holding the question (and the seeds), so the format turn (spec §5.3) repeats the round-1 answer.
/// </summary>
public sealed class SimulatedTaskModel(GoldIndex gold, SimulatorOptions? options = null) : IChatModel
{
    private const ulong Salt = 0x5441534B; // "TASK"

    public string Name => SimModels.Task;

    public string Reply(ChatCall chat, int choiceIndex)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var (located, isFormatTurn) = Conversation.Read(chat.Messages, gold);

        // At temperature 0 every choice is the same answer, as with a real model.
        var choiceSalt = chat.Temperature > 0 ? (ulong)choiceIndex : 0;
        var hash = StableHash.Combine((ulong)chat.Seed, RequestSeed(chat), StableHash.Of(located.Instruction), StableHash.Of(located.Question), choiceSalt, Salt);
        var random = new SeededRandom(hash);
        string answer;
        if (located.Example is { } example)
        {
            var quality = options?.FlatQuality == true ? InstructionQuality.BaseRate(example) : InstructionQuality.Probability(located.Instruction, example);
            var correct = StableHash.Unit(hash) < quality;
            answer = correct ? example.Gold : WrongAnswers.For(example, random);
        }
        else
        {
            answer = Guesses.For(located.Question, random);
        }

        return isFormatTurn
            ? AnswerPhrasing.SecondRound(answer)
            : AnswerPhrasing.FirstRound(located.Example?.Kind, answer, random);
    }

    internal static ulong RequestSeed(ChatCall chat) => chat.RequestSeed is { } seed ? StableHash.Combine((ulong)seed, 1) : 0;
}
