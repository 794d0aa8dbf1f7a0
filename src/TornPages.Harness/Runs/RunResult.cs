using CsvHelper;
using TornPages.Storage;

namespace TornPages.Harness.Runs;

/// <summary>One row of runs.csv: the configuration, then what the run measured (units in the names).</summary>
[CsvRecord]
public sealed partial class RunResult
{
    private readonly long[] _syncs = new long[IoCauses.Count];
    private readonly long[] _writeBytes = new long[IoCauses.Count];

    public long SyncsBy(IoCause c) => _syncs[(int)c];
    public long WriteBytesBy(IoCause c) => _writeBytes[(int)c];

    /// <summary>Sets every syncs_ and write_bytes_ column from the counters of the measured part.</summary>
    public void SetCauses(IoStats io)
    {
        foreach (var c in IoCauses.All)
        {
            _syncs[(int)c] = io[c].Syncs;
            _writeBytes[(int)c] = io[c].WriteBytes;
        }
    }

    [CsvColumn("run_id")] public string RunId { get; set; } = "";
    [CsvColumn("strategy")] public string Strategy { get; set; } = "";
    [CsvColumn("strategy_params")] public string StrategyParams { get; set; } = "";
    [CsvColumn("script")] public string Script { get; set; } = "";
    [CsvColumn("dist")] public string Dist { get; set; } = "";
    [CsvColumn("scale")] public int Scale { get; set; }
    [CsvColumn("txns")] public int Txns { get; set; }
    [CsvColumn("checkpoint_every")] public int CheckpointEvery { get; set; }
    [CsvColumn("checkpoint_wal_bytes")] public long CheckpointWalBytes { get; set; }
    /// <summary>The share of the interval a checkpoint's writes were spread over (0: immediate); sweeps from before it read as 0.</summary>
    [CsvColumn("checkpoint_completion_target", Optional = true)] public double CheckpointCompletionTarget { get; set; }
    [CsvColumn("buffers")] public int Buffers { get; set; }
    [CsvColumn("page_size")] public int PageSize { get; set; }
    [CsvColumn("fillfactor")] public int Fillfactor { get; set; }
    /// <summary>The fixed vacuum interval in transactions; 0 under autovacuum or with vacuum off (see vacuum_policy).</summary>
    [CsvColumn("vacuum_every")] public int VacuumEvery { get; set; }
    /// <summary>The vacuum policy as the engine ran it (VacuumPolicy.ToString: autovacuum's threshold, scale factor and naptime, or the interval; the pacing); sweeps from before it read as empty.</summary>
    [CsvColumn("vacuum_policy", Optional = true)] public string VacuumPolicy { get; set; } = "";
    /// <summary>The sleep after each 200 cost units of vacuum work, as autovacuum_vacuum_cost_delay (0: a pass ran whole, or per commit on a CPU clock); sweeps from before it read as 0, which is how they ran.</summary>
    [CsvColumn("vacuum_cost_delay_ms", Optional = true)] public double VacuumCostDelayMs { get; set; }
    [CsvColumn("device")] public string Device { get; set; } = "";
    [CsvColumn("sync_method")] public string SyncMethod { get; set; } = "";
    /// <summary>"wall" (measured) or "simulated" (from the simulated device's cost model; "cpu" on plain sim: no device time at all).</summary>
    [CsvColumn("time_basis")] public string TimeBasis { get; set; } = "";
    [CsvColumn("seed")] public int Seed { get; set; }
    /// <summary>Concurrent clients (pgbench -c). This and the other columns read as optional were added with clients: a sweep from before them reads as one client.</summary>
    [CsvColumn("clients", Optional = true), CsvDefault(1)] public int Clients { get; set; } = 1;
    /// <summary>On a simulated clock: the CPU charged per statement and commit (--sim-cpu-us) and the simulated server's cores (--sim-cpus); 0 on another clock.</summary>
    [CsvColumn("sim_cpu_us", Optional = true)] public double SimCpuUs { get; set; }
    [CsvColumn("sim_cpus", Optional = true)] public int SimCpus { get; set; }
    /// <summary>The run's length on its clock when it was timed (pgbench -T); 0 when a count of transactions decided it.</summary>
    [CsvColumn("duration_s", Optional = true)] public double DurationS { get; set; }
    /// <summary>pgbench -R: the arrival rate the run was offered (0: as fast as possible); latency then counts from each arrival.</summary>
    [CsvColumn("rate_tps", Optional = true)] public double RateTps { get; set; }

    [CsvColumn("wal_bytes")] public long WalBytes { get; set; }
    [CsvColumn("wal_fpi_bytes")] public long WalFpiBytes { get; set; }
    [CsvColumn("wal_fpi_count")] public long WalFpiCount { get; set; }
    [CsvColumn("wal_heap_fpi_bytes")] public long WalHeapFpiBytes { get; set; }
    [CsvColumn("wal_index_fpi_bytes")] public long WalIndexFpiBytes { get; set; }
    [CsvColumn("wal_heap_fpi_count")] public long WalHeapFpiCount { get; set; }
    [CsvColumn("wal_heap_fpi_on_compacting_count")] public long WalHeapFpiOnCompactingCount { get; set; }
    [CsvColumn("wal_index_fpi_count")] public long WalIndexFpiCount { get; set; }
    [CsvColumn("wal_record_bytes")] public long WalRecordBytes { get; set; }
    [CsvColumn("wal_records")] public long WalRecords { get; set; }
    [CsvColumn("wal_write_bytes")] public long WalWriteBytes { get; set; }
    [CsvColumn("data_write_bytes")] public long DataWriteBytes { get; set; }
    [CsvColumn("dwb_write_bytes")] public long DwbWriteBytes { get; set; }
    [CsvColumn("map_write_bytes")] public long MapWriteBytes { get; set; }
    [CsvColumn("copy_write_bytes")] public long CopyWriteBytes { get; set; }
    [CsvColumn("control_write_bytes")] public long ControlWriteBytes { get; set; }
    [CsvColumn("total_write_bytes")] public long TotalWriteBytes { get; set; }
    [CsvColumn("wal_syncs")] public long WalSyncs { get; set; }
    [CsvColumn("data_syncs")] public long DataSyncs { get; set; }
    [CsvColumn("dwb_syncs")] public long DwbSyncs { get; set; }
    [CsvColumn("map_syncs")] public long MapSyncs { get; set; }
    [CsvColumn("control_syncs")] public long ControlSyncs { get; set; }
    [CsvColumn("total_syncs")] public long TotalSyncs { get; set; }
    /// <summary>
    /// Syncs and bytes written by cause (<see cref="IoCause"/>: commit, a client's eviction, the
    /// background writer, a checkpoint, full WAL buffers, then the double-write, map and control
    /// files whatever asked); each set sums to total_syncs and total_write_bytes. Sweeps from before
    /// them read as 0.
    /// </summary>
    [CsvColumn("syncs_other", Optional = true)] public long SyncsOther { get => _syncs[(int)IoCause.Other]; set => _syncs[(int)IoCause.Other] = value; }
    [CsvColumn("syncs_commit", Optional = true)] public long SyncsCommit { get => _syncs[(int)IoCause.Commit]; set => _syncs[(int)IoCause.Commit] = value; }
    [CsvColumn("syncs_eviction", Optional = true)] public long SyncsEviction { get => _syncs[(int)IoCause.Eviction]; set => _syncs[(int)IoCause.Eviction] = value; }
    [CsvColumn("syncs_bgwriter", Optional = true)] public long SyncsBgWriter { get => _syncs[(int)IoCause.BgWriter]; set => _syncs[(int)IoCause.BgWriter] = value; }
    [CsvColumn("syncs_checkpoint", Optional = true)] public long SyncsCheckpoint { get => _syncs[(int)IoCause.Checkpoint]; set => _syncs[(int)IoCause.Checkpoint] = value; }
    [CsvColumn("syncs_wal_full", Optional = true)] public long SyncsWalFull { get => _syncs[(int)IoCause.WalFull]; set => _syncs[(int)IoCause.WalFull] = value; }
    [CsvColumn("syncs_double_write", Optional = true)] public long SyncsDoubleWrite { get => _syncs[(int)IoCause.DoubleWrite]; set => _syncs[(int)IoCause.DoubleWrite] = value; }
    [CsvColumn("syncs_map", Optional = true)] public long SyncsMap { get => _syncs[(int)IoCause.Map]; set => _syncs[(int)IoCause.Map] = value; }
    [CsvColumn("syncs_control", Optional = true)] public long SyncsControl { get => _syncs[(int)IoCause.Control]; set => _syncs[(int)IoCause.Control] = value; }
    [CsvColumn("write_bytes_other", Optional = true)] public long WriteBytesOther { get => _writeBytes[(int)IoCause.Other]; set => _writeBytes[(int)IoCause.Other] = value; }
    [CsvColumn("write_bytes_commit", Optional = true)] public long WriteBytesCommit { get => _writeBytes[(int)IoCause.Commit]; set => _writeBytes[(int)IoCause.Commit] = value; }
    [CsvColumn("write_bytes_eviction", Optional = true)] public long WriteBytesEviction { get => _writeBytes[(int)IoCause.Eviction]; set => _writeBytes[(int)IoCause.Eviction] = value; }
    [CsvColumn("write_bytes_bgwriter", Optional = true)] public long WriteBytesBgWriter { get => _writeBytes[(int)IoCause.BgWriter]; set => _writeBytes[(int)IoCause.BgWriter] = value; }
    [CsvColumn("write_bytes_checkpoint", Optional = true)] public long WriteBytesCheckpoint { get => _writeBytes[(int)IoCause.Checkpoint]; set => _writeBytes[(int)IoCause.Checkpoint] = value; }
    [CsvColumn("write_bytes_wal_full", Optional = true)] public long WriteBytesWalFull { get => _writeBytes[(int)IoCause.WalFull]; set => _writeBytes[(int)IoCause.WalFull] = value; }
    [CsvColumn("write_bytes_double_write", Optional = true)] public long WriteBytesDoubleWrite { get => _writeBytes[(int)IoCause.DoubleWrite]; set => _writeBytes[(int)IoCause.DoubleWrite] = value; }
    [CsvColumn("write_bytes_map", Optional = true)] public long WriteBytesMap { get => _writeBytes[(int)IoCause.Map]; set => _writeBytes[(int)IoCause.Map] = value; }
    [CsvColumn("write_bytes_control", Optional = true)] public long WriteBytesControl { get => _writeBytes[(int)IoCause.Control]; set => _writeBytes[(int)IoCause.Control] = value; }
    [CsvColumn("checkpoints")] public int Checkpoints { get; set; }
    [CsvColumn("hot_updates")] public long HotUpdates { get; set; }
    [CsvColumn("non_hot_updates")] public long NonHotUpdates { get; set; }
    [CsvColumn("prunes")] public long Prunes { get; set; }
    [CsvColumn("index_splits")] public long IndexSplits { get; set; }
    [CsvColumn("vacuums")] public int Vacuums { get; set; }
    /// <summary>The background writer as it ran (BackgroundWriterPolicy.ToString, "off" without one); sweeps from before it read as empty.</summary>
    [CsvColumn("bgwriter", Optional = true)] public string BgWriter { get; set; } = "";
    /// <summary>Data pages written by who wrote them, as pg_stat_bgwriter's buffers_checkpoint, buffers_clean and buffers_backend.</summary>
    [CsvColumn("writes_checkpointer", Optional = true)] public long WritesCheckpointer { get; set; }
    [CsvColumn("writes_bgwriter", Optional = true)] public long WritesBgwriter { get; set; }
    [CsvColumn("writes_backend", Optional = true)] public long WritesBackend { get; set; }
    /// <summary>Vacuum passes that covered each pgbench table (autovacuum vacuums one table at a time; a fixed-interval pass covers all four).</summary>
    [CsvColumn("vacuums_branches", Optional = true)] public int VacuumsBranches { get; set; }
    [CsvColumn("vacuums_tellers", Optional = true)] public int VacuumsTellers { get; set; }
    [CsvColumn("vacuums_accounts", Optional = true)] public int VacuumsAccounts { get; set; }
    [CsvColumn("vacuums_history", Optional = true)] public int VacuumsHistory { get; set; }
    [CsvColumn("buffer_evictions_dirty")] public long BufferEvictionsDirty { get; set; }
    [CsvColumn("elapsed_s")] public double ElapsedS { get; set; }
    [CsvColumn("tps")] public double Tps { get; set; }
    [CsvColumn("fsync_per_s")] public double FsyncPerS { get; set; }
    [CsvColumn("fsync_per_txn")] public double FsyncPerTxn { get; set; }
    [CsvColumn("wal_bytes_per_txn")] public double WalBytesPerTxn { get; set; }
    [CsvColumn("write_bytes_per_txn")] public double WriteBytesPerTxn { get; set; }
    [CsvColumn("latency_p50_ms")] public double LatencyP50Ms { get; set; }
    [CsvColumn("latency_p90_ms", Optional = true)] public double LatencyP90Ms { get; set; }
    [CsvColumn("latency_p95_ms")] public double LatencyP95Ms { get; set; }
    [CsvColumn("latency_p99_ms")] public double LatencyP99Ms { get; set; }
    [CsvColumn("latency_p999_ms", Optional = true)] public double LatencyP999Ms { get; set; }
    [CsvColumn("latency_max_ms", Optional = true)] public double LatencyMaxMs { get; set; }
    /// <summary>Updates that found their row locked by a transaction whose commit was not yet durable, and the time they waited.</summary>
    [CsvColumn("lock_waits", Optional = true)] public long LockWaits { get; set; }
    [CsvColumn("lock_wait_s", Optional = true)] public double LockWaitS { get; set; }
    /// <summary>Commits per WAL flush: 1 with one client; group commit raises it.</summary>
    [CsvColumn("commits_per_flush", Optional = true)] public double CommitsPerFlush { get; set; }
    /// <summary>0, or the sector each WAL flush was padded to.</summary>
    [CsvColumn("wal_flush_align", Optional = true)] public int WalFlushAlign { get; set; }
    /// <summary>WAL bytes the alignment added (XLOG/NOOP records up to each flush's sector boundary); part of wal_bytes.</summary>
    [CsvColumn("wal_align_pad_bytes", Optional = true)] public long WalAlignPadBytes { get; set; }
    /// <summary>
    /// WAL kept on disk for recovery when a checkpoint ends, before it lets go of what it no longer
    /// needs (mean over the run's checkpoints, 0 without one): one checkpoint interval's WAL for
    /// PostgreSQL's cycle, up to K intervals for fpw-super:K, which keeps WAL back to its image cycle's start.
    /// </summary>
    [CsvColumn("wal_kept_bytes", Optional = true)] public long WalKeptBytes { get; set; }
    /// <summary>
    /// Bytes of the strategy's own files recovery still needs when a checkpoint ends, before it lets
    /// its cycle go (mean over the run's checkpoints, 0 without one): dwb-large's copies of one
    /// interval's first write-outs, up to K intervals' for dwb-large:K; dwb-small's batch area and the
    /// shadow map whole. space_bytes counts dwb-large's file at the length its largest cycle (the load) gave it.
    /// </summary>
    [CsvColumn("strategy_held_bytes", Optional = true)] public long StrategyHeldBytes { get; set; }
    [CsvColumn("space_bytes")] public long SpaceBytes { get; set; }
    [CsvColumn("accounts_discontinuities")] public long AccountsDiscontinuities { get; set; }
    /// <summary>On a file device in a sweep: tps divided by the probe's raw 8 KB write + fdatasync rate (0 when not measured).</summary>
    [CsvColumn("probe_ratio")] public double ProbeRatio { get; set; }
}
