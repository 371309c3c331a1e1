namespace GpoPipeline.DecayScheduler;

/// <summary>A run was rejected before any model call; the message says which setting or file and why.</summary>
public sealed class RunConfigurationException : Exception
{
    public RunConfigurationException()
    {
    }

    public RunConfigurationException(string message)
        : base(message)
    {
    }

    public RunConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
