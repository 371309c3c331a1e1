namespace GpoPipeline.Optimization.Tests.Support;

/// <summary>
/// A fact that is skipped, saying why, when a file or folder outside this repository (relative to the
/// repository root, e.g. "../shared/data/webnlg") is not on this machine.
/// </summary>
public sealed class FactRequiringPathAttribute : FactAttribute
{
    public FactRequiringPathAttribute(string relativePath)
    {
        var full = RepoPaths.Resolve(relativePath);
        if (!Directory.Exists(full) && !File.Exists(full))
        {
            Skip = $"{relativePath} (resolved to {full}) is not present on this machine.";
        }
    }
}
