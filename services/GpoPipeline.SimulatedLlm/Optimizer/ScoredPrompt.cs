namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>A "Prompt: ... / Score: ..." pair shown in the meta-prompt's trajectory block.</summary>
public sealed record ScoredPrompt(string Prompt, double Score);
