using GpoPipeline.Cli;

namespace GpoPipeline.Cli.Tests;

/// <summary>`gpo` run in-process with captured output.</summary>
public sealed record GpoRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<GpoRun> ExecuteAsync(params string[] args) => await ExecuteAsync(CancellationToken.None, args);

    public static async Task<GpoRun> ExecuteAsync(CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await GpoApp.RunAsync(args, TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), cancellationToken);
        return new GpoRun(code, stdout.ToString(), stderr.ToString());
    }
}
