using GpoPipeline.Cli;

return await GpoApp.RunAsync(args, Console.Out, Console.Error);
