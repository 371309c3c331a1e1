namespace GpoPipeline.Trajectories;

/// <summary>
/// What <c>Store:ConnectionString</c> names: a MongoDB URI or an embedded file path, nothing else. Messages never echo
/// the value: a URI may carry a password.
/// </summary>
internal static class StoreConnectionString
{
    private static readonly string[] MongoSchemes = ["mongodb", "mongodb+srv"];

    /// <summary>The value without surrounding whitespace and one pair of surrounding quotes (as docker's --env-file keeps them).</summary>
    public static string? Unquoted(string? value)
    {
        var trimmed = value?.Trim();
        if (trimmed is { Length: >= 2 } && (trimmed[0] is '"' or '\'') && trimmed[^1] == trimmed[0])
        {
            trimmed = trimmed[1..^1].Trim();
        }

        return trimmed;
    }

    /// <exception cref="StoreSettingException">The value has a scheme that is not MongoDB's.</exception>
    public static bool IsMongoDb(string? value)
    {
        var separator = value?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (separator < 0)
        {
            return false; // a file path
        }

        var scheme = value![..separator];
        if (MongoSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        // Only a scheme made of scheme characters is named: anything else before "://" may be part of a credential.
        var named = scheme.Length is > 0 and <= 32 && char.IsAsciiLetter(scheme[0]) && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            ? $"the scheme is '{scheme}'"
            : "the value has '://' after something that is not a URI scheme";
        throw new StoreSettingException(
            $"Setting '{StoreOptions.Section}:ConnectionString' is invalid: {named}; expected a mongodb:// or mongodb+srv:// URI " +
            "to use MongoDB, or the path of the embedded store's file (without '://').");
    }
}
