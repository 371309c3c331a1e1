namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// One training example scored with a beam prompt before the step: the task model's raw
/// <see cref="Output"/>, the gold <see cref="Label"/> and whether they matched. ProTeGi and PE2 reason
/// over the wrong ones ("textual gradients", ProTeGi §2.1; PE2 Appendix F.4 step 1).
/// </summary>
public sealed record MinibatchExample(string Input, string Output, string Label, bool Correct);
