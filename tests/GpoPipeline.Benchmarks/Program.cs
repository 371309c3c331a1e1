using BenchmarkDotNet.Running;

// e.g. dotnet run -c Release -- --job short --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
