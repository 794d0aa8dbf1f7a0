using System.CommandLine;

namespace TornPages.Harness.Cli;

internal static class CommonOptions
{
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
}
