using System.Runtime.InteropServices;
using GpoPipeline.Cli;

// SIGTERM (containers, systemd, CI) asks for the same clean stop as a first Ctrl+C: the run stops after the calls in
// flight, stays resumable and the command exits 4 (issue 18). A second SIGTERM leaves at once.
using var terminate = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    if (terminate.IsCancellationRequested)
    {
        Environment.Exit(143);
    }

    context.Cancel = true;
    terminate.Cancel();
});

return await GpoApp.RunAsync(args, Console.Out, Console.Error, terminate.Token);
