using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.SimulatedLlm.Hosting;

/// <summary>Checks the options and their nested objects; failures name the setting, e.g. <c>Simulator:Faults:Rate429</c>.</summary>
public static class SimulatorOptionsValidator
{
    public static void ThrowIfInvalid(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options, SimulatorOptions.Section)
            .Concat(Check(options.TaskLatency, $"{SimulatorOptions.Section}:{nameof(options.TaskLatency)}"))
            .Concat(Check(options.OptimizerLatency, $"{SimulatorOptions.Section}:{nameof(options.OptimizerLatency)}"))
            .Concat(Check(options.EmbeddingLatency, $"{SimulatorOptions.Section}:{nameof(options.EmbeddingLatency)}"))
            .Concat(Check(options.Faults, $"{SimulatorOptions.Section}:{nameof(options.Faults)}"))
            .Concat(Check(options.RateLimit, $"{SimulatorOptions.Section}:{nameof(options.RateLimit)}"))
            .ToList();
        var faults = options.Faults;
        var total = faults.Rate429 + faults.Rate500 + faults.Rate503 + faults.RateReset + faults.RateTimeout + faults.RateMalformedJson;
        if (total > 1)
        {
            failures.Add($"Setting '{SimulatorOptions.Section}:Faults' is invalid: the fault rates add up to {total}, more than 1.");
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, failures));
        }
    }

    private static IEnumerable<string> Check(object target, string prefix)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames.Select(m => $"Setting '{prefix}:{m}' is invalid: {r.ErrorMessage}"));
    }
}
