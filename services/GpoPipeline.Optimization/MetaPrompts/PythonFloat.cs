using System.Globalization;
using System.Numerics;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>
/// Python's <c>round(x, n)</c> and <c>repr(x)</c> for the scores the official code prints into the meta-prompt.
/// round() rounds the exact binary value half to even (6/48 = 0.125 → 0.12), which neither Math.Round nor
/// "F2" formatting does (both give 0.13), so the decimal digits are computed exactly here.
/// </summary>
public static class PythonFloat
{
    public static double Round(double value, int digits)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || digits is < 0 or > 15)
        {
            return value;
        }

        // value = mantissa · 2^exponent exactly; scaled = value · 10^digits as the fraction numerator / denominator.
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        var numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        var denominator = BigInteger.One;
        if (exponent > 0)
        {
            numerator <<= exponent;
        }
        else
        {
            denominator <<= -exponent;
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }

        var rounded = double.Parse(quotient.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) / Math.Pow(10, digits);
        return value < 0 ? -rounded : rounded;
    }

    /// <summary>repr(float): the shortest text that reads back to the same double, with ".0" on whole numbers.</summary>
    public static string Repr(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
