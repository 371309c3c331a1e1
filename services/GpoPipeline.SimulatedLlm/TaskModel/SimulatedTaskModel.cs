using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>sim-task: answers benchmark questions, correct with a probability set by the instruction's quality.</summary>
public sealed class SimulatedTaskModel : IChatModel
{
    public string Name => SimModels.Task;

    public string Reply(ChatCall chat, int choiceIndex) => "Let's see. So the answer is (A).";
}
