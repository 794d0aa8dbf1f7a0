using CsvHelper;

namespace TornPages.Harness.Runs;

/// <summary>One row of timeseries.csv: a run's counters, cumulative from its start, every K transactions.</summary>
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
    [CsvColumn("elapsed_s")] public double ElapsedS { get; set; }
    [CsvColumn("wal_bytes")] public long WalBytes { get; set; }
    [CsvColumn("wal_fpi_bytes")] public long WalFpiBytes { get; set; }
    [CsvColumn("syncs")] public long Syncs { get; set; }
    [CsvColumn("write_bytes")] public long WriteBytes { get; set; }
    [CsvColumn("checkpoints")] public int Checkpoints { get; set; }
}
