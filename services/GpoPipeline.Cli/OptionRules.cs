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
            if (TryValue(result, out T value) && value < minimum)
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
            if (TryValue(result, out T? given) && given is { } value && value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} (at least {minimum})."));
            }
        });
        return option;
    }

    /// <summary>An amount that must be above zero and a number: "NaN" and "Infinity" parse as doubles, and a NaN limit stops nothing.</summary>
    public static Option<double?> PositiveAmount(this Option<double?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (TryValue(result, out double? given) && given is { } value && !(value > 0 && double.IsFinite(value)))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected an amount above 0."));
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
            if (TryValue(result, out T value) && (value < minimum || value > maximum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} from {minimum} to {maximum}."));
            }
        });
        return option;
    }

    public static Option<T?> Between<T>(this Option<T?> option, T minimum, T maximum, string meaning)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (TryValue(result, out T? given) && given is { } value && (value < minimum || value > maximum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} from {minimum} to {maximum}."));
            }
        });
        return option;
    }

    /// <summary>The parsed value, or null when it did not parse (the parser reports that itself).</summary>
    private static bool TryValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
