using System.Text.RegularExpressions;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// What `gpo serve` adds to a startup problem about the model settings it takes from the environment. Only for the
/// settings the hint tells how to set (a role's Model, BaseUrl or ApiKey): any other Llm setting (a timeout, a price)
/// is named by the problem already, and under --simulated the simulator sets these itself, so the hint would mislead.
/// </summary>
public static partial class ServeModelsHint
{
    public const string Text =
        " (serve takes the models from the environment: Llm__Task__Model, Llm__Optimizer__Model, OPENAI_API_KEY and OPENAI_BASE_URL; --simulated uses the simulated ones)";

    public static bool AppliesTo(string problem, bool simulated) => !simulated && ModelSetting().IsMatch(problem);

    // SettingValidator's "Setting 'Llm:Task:Model' is invalid: …".
    [GeneratedRegex(@"'Llm:[A-Za-z]+:(Model|BaseUrl|ApiKey)'")]
    private static partial Regex ModelSetting();
}
