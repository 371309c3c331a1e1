using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace GpoPipeline.Cli;

/// <summary>
/// Range checks on options, reported by the parser as one line naming the option (issue 18: a negative price was
/// accepted). The comparisons are written so that NaN fails them: `value &lt; minimum` is false for NaN, and
/// `--latency NaN` was served, `--fault-rate NaN` crashed (OverflowException, exit 1), `--input-price NaN` printed $NaN.
/// </summary>
public static class OptionRules
{
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum, string meaning)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (TryValue(result, out T value) && IsBelow(value, minimum))
            {
                result.AddError(AtLeastError(option.Name, value, minimum, meaning));
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
            if (TryValue(result, out T? given) && given is { } value && IsBelow(value, minimum))
            {
                result.AddError(AtLeastError(option.Name, value, minimum, meaning));
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
            if (TryValue(result, out T value) && !(value >= minimum && value <= maximum))
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
            if (TryValue(result, out T? given) && given is { } value && !(value >= minimum && value <= maximum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {meaning} from {minimum} to {maximum}."));
            }
        });
        return option;
    }

    /// <summary>
    /// A path, URI, id or name that must say something: `estimate --data ""` reached Path.GetFullPath ("unexpected
    /// error", exit 1), `compare --resume ""` a Guid parse, and `--embedding-model ""` silently meant none.
    /// </summary>
    public static Option<T> NotBlank<T>(this Option<T> option, string expected)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                result.AddError($"{option.Name} '{token.Value}': expected {expected}, not an empty value.");
            }
        });
        return option;
    }

    /// <summary>Below the minimum, NaN, or infinite (no count, amount or price is).</summary>
    private static bool IsBelow<T>(T value, T minimum)
        where T : struct, INumber<T> => !(value >= minimum) || !T.IsFinite(value);

    private static string AtLeastError<T>(string name, T value, T minimum, string meaning)
        where T : struct, INumber<T> => T.IsFinite(value)
        ? string.Create(CultureInfo.InvariantCulture, $"{name} {value}: expected {meaning} (at least {minimum}).")
        : string.Create(CultureInfo.InvariantCulture, $"{name} {value}: expected {meaning} (a finite number, at least {minimum}).");

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
