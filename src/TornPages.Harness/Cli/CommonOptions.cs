using System.CommandLine;

namespace TornPages.Harness.Cli;

internal static class CommonOptions
{
    /// <summary>
    /// A --wal-flush-align value as a byte count: 0 for off; "sector" is the simulated device's
    /// sector where there is one (<paramref name="sector"/>; a run on real files does not know it).
    /// </summary>
    internal static int WalFlushAlignValue(string value, int? sector) => value.Trim().ToLowerInvariant() switch
    {
        "off" or "0" => 0,
        "sector" when sector is int s => s,
        "512" => 512,
        "4096" => 4096,
        _ => throw new ArgumentException($"--wal-flush-align must be off, {(sector != null ? "sector, " : "")}512 or 4096, not '{value}'"),
    };

    public static Option<string> Strategy(string defaultValue) => new("--strategy")
    {
        Description = "torn-page protection strategy: " + Engine.Strategies.StrategyCatalog.Help,
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string> Script() => new("--script")
    {
        Description = "pgbench script: tpcb-like, simple-update, select-only",
        DefaultValueFactory = _ => "tpcb-like",
    };

    public static Option<string> Dist() => new("--dist")
    {
        Description = "aid distribution: uniform, zipfian:S, exponential:P, gaussian:P (optionally +permute)",
        DefaultValueFactory = _ => "uniform",
    };

    public static Option<int> Int(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string> Out() => new("--out")
    {
        Description = "results directory (rows are appended to its CSV files)",
        DefaultValueFactory = _ => "results/adhoc",
    };

    public static Option<double> CompletionTarget() => new("--checkpoint-completion-target")
    {
        Description = "fraction of the checkpoint interval its page writes are spread over, as PostgreSQL's (0: an immediate checkpoint that stops every client)",
        DefaultValueFactory = _ => Runs.CheckpointDefaults.CompletionTarget,
    };

    /// <exception cref="ArgumentException">Outside 0..1.</exception>
    public static double CompletionTargetValue(double v) =>
        v is >= 0 and <= 1 ? v : throw new ArgumentException($"--checkpoint-completion-target must be between 0 and 1, not {v}");
}
