namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>A simulated chat model: writes the content of one choice.</summary>
public interface IChatModel
{
    string Name { get; }

    string Reply(ChatCall chat, int choiceIndex);
}
