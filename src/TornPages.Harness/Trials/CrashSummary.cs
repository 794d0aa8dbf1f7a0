using CsvHelper;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Trials;

/// <summary>One row of crash.csv: a strategy's trials under one crash model.</summary>
[CsvRecord]
public sealed partial class CrashSummary
{
    [CsvColumn("strategy")] public string Strategy { get; set; } = "";
    [CsvColumn("strategy_params")] public string StrategyParams { get; set; } = "";
    [CsvColumn("sector")] public int Sector { get; set; }
    [CsvColumn("atomic_unit")] public int AtomicUnit { get; set; }
    [CsvColumn("trials")] public int Trials { get; set; }
    [CsvColumn("passed")] public int Passed { get; set; }
    [CsvColumn("failed")] public int Failed { get; set; }
    [CsvColumn("failed_torn_page")] public int FailedTornPage { get; set; }
    [CsvColumn("failed_lost_commit")] public int FailedLostCommit { get; set; }
    [CsvColumn("failed_wrong_data")] public int FailedWrongData { get; set; }
    [CsvColumn("failed_recovery_error")] public int FailedRecoveryError { get; set; }
    [CsvColumn("seed")] public int Seed { get; set; }
    [CsvColumn("txns_per_trial")] public int TxnsPerTrial { get; set; }
    [CsvColumn("checkpoint_every")] public int CheckpointEvery { get; set; }
    [CsvColumn("buffers")] public int Buffers { get; set; }
    [CsvColumn("clients", Optional = true), CsvDefault(1)] public int Clients { get; set; } = 1;
    /// <summary>The trials' aid distribution; files from before it read as uniform.</summary>
    [CsvColumn("dist", Optional = true), CsvDefault("uniform")] public string Dist { get; set; } = "uniform";
    /// <summary>The probability with which each unsynced sector survives the crash; files from before it read as 0.5.</summary>
    [CsvColumn("persist_probability", Optional = true), CsvDefault(0.5)] public double PersistProbability { get; set; } = 0.5;
    /// <summary>The fault model (<see cref="Storage.FaultModel"/>); files from before it read as sector.</summary>
    [CsvColumn("fault", Optional = true), CsvDefault("sector")] public string Fault { get; set; } = "sector";
    /// <summary>0, or the sector each WAL flush was padded to.</summary>
    [CsvColumn("wal_flush_align", Optional = true), CsvDefault(0)] public int WalFlushAlign { get; set; }
    /// <summary>Where the trials crashed: run, or recovery (nested crashes during recovery after one in the run).</summary>
    [CsvColumn("crash_in", Optional = true), CsvDefault("run")] public string CrashIn { get; set; } = "run";
    [CsvColumn("device_calls_per_run")] public long DeviceCallsPerRun { get; set; }
    [CsvColumn("recovery_ms_median")] public double RecoveryMsMedian { get; set; }
    /// <summary>Median recovery time of the trials whose recovery found a torn page, and of those where it found none (0: no such trial; files from before them read as 0).</summary>
    [CsvColumn("recovery_ms_median_torn", Optional = true)] public double RecoveryMsMedianTorn { get; set; }
    [CsvColumn("recovery_ms_median_untorn", Optional = true)] public double RecoveryMsMedianUntorn { get; set; }
    /// <summary>Trials whose recovery found a torn page, and pages selective replay rebuilt from the kept WAL (fpw-super), over all trials.</summary>
    [CsvColumn("trials_with_torn_pages", Optional = true)] public int TrialsWithTornPages { get; set; }
    [CsvColumn("pages_repaired_from_kept_wal", Optional = true)] public long PagesRepairedFromKeptWal { get; set; }
    [CsvColumn("first_failure")] public string FirstFailure { get; set; } = "";

    /// <summary>Trials under the sector model, the WAL unaligned, crashing in the run: the conditions every row had before fault models.</summary>
    public bool UnderDefaultCondition() => Fault == "sector" && WalFlushAlign == 0 && CrashIn == "run";

    /// <summary>The strategy x fault matrix's column for this row.</summary>
    public string Condition() => CrashCondition.Label(Fault, WalFlushAlign > 0, CrashIn);

    public static CrashSummary From(CrashTrialConfig c, string parameters, long callsPerRun, IReadOnlyList<TrialResult> results)
    {
        int Count(TrialOutcome o) => results.Count(r => r.Verdict.Outcome == o);
        return new CrashSummary
        {
            Strategy = Engine.Strategies.StrategyCatalog.Parse(c.Strategy).Name,
            StrategyParams = parameters,
            Sector = c.Crash.SectorSize,
            AtomicUnit = c.Crash.AtomicUnit,
            Trials = results.Count,
            Passed = Count(TrialOutcome.Passed),
            Failed = results.Count - Count(TrialOutcome.Passed),
            FailedTornPage = Count(TrialOutcome.TornPage),
            FailedLostCommit = Count(TrialOutcome.LostCommit),
            FailedWrongData = Count(TrialOutcome.WrongData),
            FailedRecoveryError = Count(TrialOutcome.RecoveryError),
            Seed = c.Seed,
            TxnsPerTrial = c.Transactions,
            CheckpointEvery = c.CheckpointEvery,
            Buffers = c.Buffers,
            Clients = c.Clients,
            Dist = c.Distribution.ToString(),
            PersistProbability = c.Crash.PersistProbability,
            Fault = c.Crash.Fault.Name(),
            WalFlushAlign = c.WalFlushAlign,
            CrashIn = c.CrashIn.Name(),
            DeviceCallsPerRun = callsPerRun,
            RecoveryMsMedian = MedianMs(results),
            RecoveryMsMedianTorn = MedianMs(results.Where(r => r.TornPagesFound > 0).ToList()),
            RecoveryMsMedianUntorn = MedianMs(results.Where(r => r.TornPagesFound == 0).ToList()),
            TrialsWithTornPages = results.Count(r => r.TornPagesFound > 0),
            PagesRepairedFromKeptWal = results.Sum(r => (long)r.PagesRepairedFromKeptWal),
            FirstFailure = results.FirstOrDefault(r => !r.Verdict.Passed)?.Verdict.Detail ?? "",
        };
    }

    private static double MedianMs(IReadOnlyList<TrialResult> results) =>
        results.Count == 0 ? 0 : results.Select(r => r.RecoveryMs).Order().ElementAt(results.Count / 2);
}
