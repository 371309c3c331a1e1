using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>What sim-optimizer reads from a GPO meta-prompt (spec §2.4).</summary>
/// <param name="Budget">N from "You are allowed to change up to N words"; null when the line is absent.</param>
/// <param name="Task">A known task example found among the meta-prompt's exemplars, if any.</param>
public sealed record MetaPrompt(IReadOnlyList<ScoredPrompt> Shown, string Current, int? Budget, KnownExample? Task);
