namespace GpoPipeline.Cli;

/// <summary>Bad input from the person at the keyboard: printed as one line, exit code 2, no stack trace.</summary>
public sealed class UserInputException : Exception
{
    public UserInputException()
    {
    }

    public UserInputException(string message)
        : base(message)
    {
    }

    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
