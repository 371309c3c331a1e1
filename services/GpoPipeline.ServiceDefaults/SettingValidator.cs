using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults;

/// <summary>Data-annotation validation whose failures name the configuration key, not the C# member.</summary>
public sealed class SettingValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = results.Select(result =>
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            return string.Join("; ", members.Select(member =>
                $"Setting '{section}:{member}' is invalid: {result.ErrorMessage}"));
        });
        return ValidateOptionsResult.Fail(failures);
    }
}
