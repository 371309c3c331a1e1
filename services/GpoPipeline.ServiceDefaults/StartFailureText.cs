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

    private static string Redacted(string text) =>
        SecretPair().Replace(UserInfo().Replace(text, "://${user}:***@"), "${key}=***");

    // scheme://user:password@host: the user stays, the password goes.
    [GeneratedRegex(@"://(?<user>[^/\s:@]*):[^/\s@]*@")]
    private static partial Regex UserInfo();

    // key=value connection strings (Password=…;).
    [GeneratedRegex(@"(?<key>password|pwd|secret|token|apikey|api_key)\s*=\s*[^;&\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();
}
