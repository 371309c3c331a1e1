using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace GpoPipeline.Cli;

/// <summary>Range checks on numeric options, reported by the parser as one line naming the option (issue 18: a negative price was accepted).</summary>
public static class OptionRules
{
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum, string meaning)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is var value && value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} (at least {minimum})."));
            }
        });
        return option;
    }

    public static Option<T?> AtLeast<T>(this Option<T?> option, T minimum, string meaning)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} (at least {minimum})."));
            }
        });
        return option;
    }

    public static Option<T> Between<T>(this Option<T> option, T minimum, T maximum, string meaning)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is var value && (value < minimum || value > maximum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} from {minimum} to {maximum}."));
            }
        });
        return option;
    }
}
