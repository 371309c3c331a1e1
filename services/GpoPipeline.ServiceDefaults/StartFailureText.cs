using System.Text.RegularExpressions;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// A start's failure in one line: the exception's type and the first line of its message, and its root cause's when
/// another (a MassTransit or MongoDB wrapper around a socket error). Never a stack trace (MongoDB's timeout message
/// carries one after its first line), never a password (a connection string's or a URI's user info).
/// </summary>
public static partial class StartFailureText
{
    public static string Of(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: > 1 } several)
        {
            return string.Join("; ", several.InnerExceptions.Select(Of));
        }

        var root = exception.GetBaseException();
        var text = Named(exception);
        return root == exception ? text : $"{text} ({Named(root)})";
    }

    private static string Named(Exception exception) => $"{exception.GetType().Name}: {Redacted(FirstLine(exception.Message))}";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r', ' ');

    private static string Redacted(string text)
    {
        var redacted = UserInfo().Replace(text, "://${user}:***@");
        redacted = SecretPair().Replace(redacted, "${key}${sep}***");
        redacted = BearerToken().Replace(redacted, "${scheme} ***");
        return ApiKey().Replace(redacted, "sk-***");
    }

    // scheme://user:password@host: the user stays, the password goes.
    [GeneratedRegex(@"://(?<user>[^/\s:@]*):[^/\s@]*@")]
    private static partial Regex UserInfo();

    // A named secret and its value, however it is written: connection strings (Password=…;), query strings (&token=…),
    // headers and YAML (Password: …), JSON ("password":"…"). The value ends at a separator, a quote or a space.
    [GeneratedRegex(@"(?<key>password|passwd|pwd|secret|token|apikey|api_key|api-key)(?<sep>""?\s*[=:]\s*""?)[^;&\s""',}]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    // An Authorization header's credentials (Bearer …, Basic …).
    [GeneratedRegex(@"(?<scheme>Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    // An OpenAI-style key quoted by an endpoint's error message.
    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{8,}")]
    private static partial Regex ApiKey();
}
