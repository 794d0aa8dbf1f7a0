using TornPages.Storage;
using TornPages.Harness.Runs;
using TornPages.Workloads;

namespace TornPages.Harness.Trials;

/// <summary>One strategy's crash trials: the device's crash model and the small workload each trial runs.</summary>
public sealed record CrashTrialConfig(
    string Strategy,
    int Trials,
    int Seed,
    CrashModel Crash,
    Scale Scale,
    int Transactions = 300,
    int CheckpointEvery = 100,
    int Buffers = 48,
    int VacuumEvery = 50,
    Script Script = Script.TpcbLike,
    double CheckpointCompletionTarget = CheckpointDefaults.CompletionTarget,
    int Clients = 1)
{
    public static Scale SmallScale { get; } = new(1, AccountsPerBranch: 5000);

    /// <summary>How each trial's transactions pick their account (pgbench's aid distribution).</summary>
    public KeyDistribution Distribution { get; init; } = KeyDistribution.Uniform;

    /// <summary>0, or the sector each WAL flush is padded to (<see cref="Engine.DatabaseOptions.WalFlushAlign"/>).</summary>
    public int WalFlushAlign { get; init; }

    /// <summary>Where the trials crash.</summary>
    public CrashPhase CrashIn { get; init; } = CrashPhase.Run;

    /// <summary>Recovery's selective replay (fpw-super); off only in the test that shows the trials catch its absence.</summary>
    internal bool SelectiveReplay { get; init; } = true;
}

/// <summary>What a row of crash trials assumes beyond the strategy and sector size: the fault model, whether the WAL's flushes are sector-aligned, where the crash falls.</summary>
public sealed record CrashCondition(FaultModel Fault, bool AlignWal = false, CrashPhase CrashIn = CrashPhase.Run)
{
    public static CrashCondition Default { get; } = new(FaultModel.Sector);

    /// <summary>
    /// The conditions of the strategy x fault matrix beyond <see cref="Default"/>: every other fault
    /// model, garbage again with the WAL aligned (the remedy it asks for), and crashes during recovery.
    /// </summary>
    public static IReadOnlyList<CrashCondition> Matrix { get; } =
    [
        new(FaultModel.Garbage), new(FaultModel.Garbage, AlignWal: true), new(FaultModel.ByteTear),
        new(FaultModel.LyingFlush), new(FaultModel.Metadata), new(FaultModel.Sector, CrashIn: CrashPhase.Recovery),
        new(FaultModel.Sector, CrashIn: CrashPhase.Load),
    ];

    /// <summary>As the report's matrix heads its column: "garbage + aligned WAL", "sector + crashes in recovery", "sector + crash in load".</summary>
    public static string Label(string fault, bool alignedWal, string crashIn) =>
        fault + (alignedWal ? AlignedSuffix : "") + crashIn switch
        {
            "run" => "",
            "recovery" => " + crashes in recovery",
            _ => $" + crash in {crashIn}",
        };

    public const string AlignedSuffix = " + aligned WAL";

    public string Label() => Label(Fault.Name(), AlignWal, CrashIn.Name());
}

/// <summary>Where a crash trial's crash falls.</summary>
public enum CrashPhase
{
    /// <summary>At a random device call of the transactions (with checkpoints, vacuum and the background writer running).</summary>
    Run,

    /// <summary>
    /// At a random device call of creating and loading the database (pgbench -i and its checkpoint):
    /// recovery must say the load never finished, or open a database holding the whole load.
    /// </summary>
    Load,

    /// <summary>
    /// As <see cref="Run"/>, then during each recovery again, one to three times in a row (nested
    /// crashes), before a last recovery runs to the end: recovery must be restartable at any call.
    /// </summary>
    Recovery,
}

public static class CrashPhases
{
    public static string Name(this CrashPhase p) => p.ToString().ToLowerInvariant();

    public static CrashPhase Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "run" => CrashPhase.Run,
        "recovery" => CrashPhase.Recovery,
        "load" => CrashPhase.Load,
        _ => throw new ArgumentException($"--crash-in must be run, recovery or load, not '{name}'"),
    };
}
