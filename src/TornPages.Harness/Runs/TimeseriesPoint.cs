using CsvHelper;

namespace TornPages.Harness.Runs;

/// <summary>
/// One row of timeseries.csv, every K transactions or every S seconds of the run's clock: the run's
/// counters, cumulative from its start, and what happened in the interval since the previous row
/// (its throughput, its 99th-percentile latency, whether a checkpoint was writing).
/// </summary>
[CsvRecord]
public sealed partial class TimeseriesPoint
{
    [CsvColumn("run_id")] public string RunId { get; set; } = "";
    [CsvColumn("strategy")] public string Strategy { get; set; } = "";
    [CsvColumn("dist")] public string Dist { get; set; } = "";
    [CsvColumn("checkpoint_every")] public int CheckpointEvery { get; set; }
    [CsvColumn("seed")] public int Seed { get; set; }
    [CsvColumn("device")] public string Device { get; set; } = "";
    [CsvColumn("txn")] public int Txn { get; set; }
    /// <summary>Seconds since the start of the measured part (the run's clock).</summary>
    [CsvColumn("t_s", ["elapsed_s"])] public double ElapsedS { get; set; }
    [CsvColumn("wal_bytes")] public long WalBytes { get; set; }
    [CsvColumn("wal_fpi_bytes")] public long WalFpiBytes { get; set; }
    [CsvColumn("syncs")] public long Syncs { get; set; }
    [CsvColumn("write_bytes")] public long WriteBytes { get; set; }
    [CsvColumn("checkpoints")] public int Checkpoints { get; set; }
    /// <summary>Commits per second in the interval since the previous row.</summary>
    [CsvColumn("tps", Optional = true)] public double Tps { get; set; }
    /// <summary>99th-percentile latency of the transactions committed in the interval.</summary>
    [CsvColumn("latency_p99_ms", Optional = true)] public double LatencyP99Ms { get; set; }
    /// <summary>1 when a checkpoint was writing at any commit of the interval.</summary>
    [CsvColumn("checkpoint_active", Optional = true)] public int CheckpointActive { get; set; }
    [CsvColumn("clients", Optional = true), CsvDefault(1)] public int Clients { get; set; } = 1;
}
