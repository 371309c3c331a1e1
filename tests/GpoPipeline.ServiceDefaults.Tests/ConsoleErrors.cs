namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>Console.Error is one per process: the specs that read what a host wrote there run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleErrors
{
    public const string Name = "Console.Error";

    /// <summary>What <paramref name="action"/> wrote to Console.Error, and its result.</summary>
    public static async Task<(T Result, string Written)> CaptureAsync<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var original = Console.Error;
        using var written = new StringWriter();
        Console.SetError(written);
        try
        {
            var result = await action();
            return (result, written.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
