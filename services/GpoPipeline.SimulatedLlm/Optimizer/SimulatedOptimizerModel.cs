using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;
using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>
/// sim-optimizer: reads a GPO meta-prompt (spec §2.4), or an OPRO or APE one (<see cref="BaselineMetaPrompt"/>) or a ProTeGi or PE2 one (<see cref="ErrorMetaPrompt"/>), and answers each choice with a new prompt wrapped in
/// &lt;START&gt;/&lt;END&gt; amid some chatter. A share of replies break the word budget or the format, as real
/// optimizer models do. Randomness: (seed option, request seed, body, choice index).
/// </summary>
public sealed class SimulatedOptimizerModel(GoldIndex gold, SimulatorOptions options) : IChatModel
{
    private const ulong Salt = 0x4F50544D; // "OPTM"

    private static readonly string[] Preambles =
    [
        "Here is an improved prompt:",
        "Looking at the previous prompts, the higher-scoring ones are more specific. A better prompt would be:",
        "Based on the scores, I suggest the following prompt.",
        "New prompt:",
    ];

    public string Name => SimModels.Optimizer;

    public string Reply(ChatCall chat, int choiceIndex)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var text = string.Join("\n\n", chat.Messages.Select(m => m.Text));
        var random = new SeededRandom(StableHash.Combine((ulong)chat.Seed, SimulatedTaskModelSeed(chat), chat.BodyHash, (ulong)choiceIndex, Salt));
        if (ErrorMetaPrompt.TryReply(chat.Messages, gold, random) is { } errorReply)
        {
            // ProTeGi's and PE2's conversations over the minibatch errors (docs/baselines.md), never malformed.
            return errorReply;
        }

        if (BaselineMetaPrompt.TryParse(text, gold) is { } baseline)
        {
            // OPRO and APE meta-prompts (docs/baselines.md) get replies in their own form, never malformed.
            return BaselineMetaPrompt.Reply(baseline.Kind, new PromptEditor(baseline.Meta, random).Write(overBudget: false));
        }

        var meta = MetaPromptParser.Parse(text, gold);
        var overBudget = meta.Budget is not null && random.Chance(options.OverBudgetRate);
        var malformed = random.Chance(options.MalformedRate);
        var prompt = new PromptEditor(meta, random).Write(overBudget);
        var preamble = random.Pick(Preambles);
        if (!malformed)
        {
            return $"{preamble}\n\n<START>{prompt}<END>";
        }

        return random.Chance(0.5)
            ? $"{preamble}\n\n<START>{prompt}\n\nThis should help the model reason more reliably."
            : $"{preamble}\n\n<START><END>\n{prompt}";
    }

    private static ulong SimulatedTaskModelSeed(ChatCall chat) => TaskModel.SimulatedTaskModel.RequestSeed(chat);
}
