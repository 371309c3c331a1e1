using System.Runtime.InteropServices;
using GpoPipeline.Cli;
using GpoPipeline.Cli.Hosting;

// Ctrl+C (SIGINT) and SIGTERM (containers, systemd, CI) ask for one clean stop, whenever they come: the run stops after
// the calls in flight, stays resumable and the command exits 4 (issue 18); before a run started, nothing was spent. The
// second signal leaves at once. Handled here, from the first line, and nowhere else: a handler registered later (once a
// run was under way) left a window in which an in-process host's console lifetime swallowed Ctrl+C and the whole run
// was paid (the CLI audit).
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, exitCode: 130));
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, exitCode: 143));

return await GpoApp.RunAsync(args, Console.Out, Console.Error, stop.Token);

void Stop(PosixSignalContext context, int exitCode)
{
    if (stop.IsCancellationRequested)
    {
        Environment.Exit(exitCode);
    }

    context.Cancel = true;
    StopSignal.Record(context.Signal);
    stop.Cancel();
}
