using CsvHelper;
using TornPages.Engine.Wal;

namespace TornPages.Harness.Runs;

/// <summary>
/// One row of wal_records.csv: one record type's share of one run's WAL (the measured part), as
/// pg_waldump --stats=record counts it. Summed over a run's rows, record_bytes and fpi_bytes are
/// exactly runs.csv's wal_record_bytes and wal_fpi_bytes.
/// </summary>
[CsvRecord]
public sealed partial class WalRecordRow
{
    [CsvColumn("run_id")] public string RunId { get; set; } = "";
    /// <summary>Resource manager and record, named as pg_waldump names PostgreSQL's (Heap/HOT_UPDATE, Btree/INSERT_LEAF, ...).</summary>
    [CsvColumn("record_type")] public string RecordType { get; set; } = "";
    [CsvColumn("count")] public long Count { get; set; }
    /// <summary>Bytes of these records other than their full-page images.</summary>
    [CsvColumn("record_bytes")] public long RecordBytes { get; set; }
    [CsvColumn("fpi_count")] public long FpiCount { get; set; }
    [CsvColumn("fpi_bytes")] public long FpiBytes { get; set; }

    /// <summary>A row per record type that occurs in <paramref name="wal"/>, in record-type order.</summary>
    public static IEnumerable<WalRecordRow> From(string runId, WalStats wal)
    {
        for (int t = 0; t < wal.ByType.Length; t++)
        {
            var s = wal.ByType[t];
            if (s.Count == 0) continue;
            yield return new WalRecordRow
            {
                RunId = runId, RecordType = RecordTypes.StatsName(t), Count = s.Count,
                RecordBytes = s.RecordBytes, FpiCount = s.FpiCount, FpiBytes = s.FpiBytes,
            };
        }
    }
}
