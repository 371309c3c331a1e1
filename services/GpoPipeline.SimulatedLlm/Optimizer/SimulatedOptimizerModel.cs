using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>sim-optimizer: reads a GPO meta-prompt and proposes edited prompts wrapped in &lt;START&gt;/&lt;END&gt;.</summary>
public sealed class SimulatedOptimizerModel : IChatModel
{
    public string Name => SimModels.Optimizer;

    public string Reply(ChatCall chat, int choiceIndex) => "Here is a new prompt: <START>Let's think step by step.<END>";
}
