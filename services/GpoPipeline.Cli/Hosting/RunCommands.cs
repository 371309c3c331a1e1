using GpoPipeline.Contracts;

namespace GpoPipeline.Cli.Hosting;

/// <summary>The run a command the CLI sends is about, for its <c>gpo.run.submit</c> span.</summary>
public static class RunCommands
{
    public static Guid? RunIdOf(object message) => message switch
    {
        StartRun start => start.RunId,
        ResumeRun resume => resume.RunId,
        CancelRun cancel => cancel.RunId,
        _ => null,
    };
}
