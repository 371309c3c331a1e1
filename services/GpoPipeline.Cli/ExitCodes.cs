namespace GpoPipeline.Cli;

/// <summary>What `gpo` returns; documented in --help and the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int UsageError = 2;
    public const int BudgetExhausted = 3;
    public const int Cancelled = 4;

    public const string Help = "Exit codes: 0 ok, 1 run failed, 2 usage or input error (also a store, broker or endpoint that does not answer), 3 stopped: budget exhausted, 4 cancelled (resumable).";
}
