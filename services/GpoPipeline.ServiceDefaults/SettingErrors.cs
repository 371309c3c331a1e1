using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Tells a setting the host cannot use from any other failure, and says it in one line that names the setting. What
/// counts: a failed option validation, the configuration binder's "Failed to convert configuration value" (a number,
/// a flag or a choice that does not parse: it threw unhandled and aborted the process, exit 134), a refused broker CA
/// file, and our own errors, which all begin "Setting '&lt;Section:Key&gt;' …" (e.g. the simulator's data root).
/// </summary>
public static partial class SettingErrors
{
    /// <returns>The line to print, or null when <paramref name="exception"/> is not about a setting.</returns>
    public static string? Explain(Exception exception) => exception switch
    {
        OptionsValidationException or BrokerTlsException => exception.Message,
        AggregateException aggregate when aggregate.InnerExceptions.Select(Explain).ToList() is { Count: > 0 } lines && lines.All(line => line is not null) =>
            string.Join(Environment.NewLine, lines),
        InvalidOperationException when Unconvertible().Match(exception.Message) is { Success: true } match =>
            $"Setting '{match.Groups["key"].Value}' is invalid: {Shown(match.Groups["key"].Value, match.Groups["value"].Value)} is not {Expected(match.Groups["type"].Value)}.",
        _ when exception.Message.StartsWith("Setting '", StringComparison.Ordinal) => exception.Message,
        _ => null,
    };

    /// <summary>
    /// The value as the message may show it. A URI can carry a password (amqps://user:password@host/), and a key,
    /// secret, token, password or connection string is one: such a setting's value is never repeated.
    /// </summary>
    private static string Shown(string key, string value) =>
        Secretive().IsMatch(key[(key.LastIndexOf(':') + 1)..]) ? "its value" : $"'{value}'";

    [GeneratedRegex("Uri|Url|Password|Key|Secret|Token|ConnectionString", RegexOptions.IgnoreCase)]
    private static partial Regex Secretive();

    // Microsoft.Extensions.Configuration.Binder's Error_FailedBinding.
    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex Unconvertible();

    private static string Expected(string typeName)
    {
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => $"a {typeName}",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number such as 0.5",
            _ when type == typeof(TimeSpan) => "a time span such as 00:00:30",
            _ when type == typeof(Uri) => "a URI",
            _ => $"a {type.Name}",
        };
    }
}
