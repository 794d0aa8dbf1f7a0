using TornPages.Workloads;

namespace TornPages.Harness.Runs;

/// <summary>One benchmark configuration: everything that decides what a run measures.</summary>
public sealed record RunConfig(
    string Strategy,
    Script Script,
    KeyDistribution Distribution,
    int Scale,
    int Transactions,
    int CheckpointEvery,
    long CheckpointWalBytes,
    int Buffers,
    string Device,
    int Seed,
    int PageSize = 8192,
    int FillFactor = 100,
    int? VacuumEvery = null,
    int Clients = 1,
    double CheckpointCompletionTarget = CheckpointDefaults.CompletionTarget,
    double SimCpuPerStatementSeconds = RunEngine.DefaultSimCpuPerStatementSeconds,
    double DurationSeconds = 0,
    double CheckpointTimeoutSeconds = 0,
    double WarmupSeconds = 0,
    double RateTps = 0,
    double VacuumCostDelayMs = RunConfig.DefaultVacuumCostDelayMs,
    double AutovacuumNaptimeSeconds = RunConfig.DefaultAutovacuumNaptimeSeconds,
    double BgWriterDelayMs = Engine.Buffers.BackgroundWriterPolicy.DefaultDelaySeconds * 1e3)
{
    /// <summary>0, or the sector each WAL flush is padded to (<see cref="Engine.DatabaseOptions.WalFlushAlign"/>).</summary>
    public int WalFlushAlign { get; init; }

    /// <summary>Cores of the simulated server the clients' CPU is charged on (<see cref="Engine.Scheduling.SimScheduler"/>); only on a simulated clock.</summary>
    public int SimCpus { get; init; } = 1;

    /// <summary>On a clock that is the CPU itself (plain sim) the background writer's round comes every this many transactions, so runs stay reproducible.</summary>
    public const int BgWriterDelayTransactionsOnCpuClock = 1000;

    /// <summary>The background writer the run asks for: PostgreSQL's, a round every <see cref="BgWriterDelayMs"/> (0: none).</summary>
    public Engine.Buffers.BackgroundWriterPolicy BgWriterPolicy(string clockBasis) =>
        BgWriterDelayMs <= 0 ? Engine.Buffers.BackgroundWriterPolicy.Off
        : clockBasis == "cpu" ? new(DelayTransactions: BgWriterDelayTransactionsOnCpuClock)
        : new(DelaySeconds: BgWriterDelayMs / 1e3);

    /// <summary>
    /// autovacuum_naptime for runs: PostgreSQL's is 60 s, longer than most runs here last (a 20 000-transaction
    /// run takes seconds), so a run looks at its tables every second of its clock. Thresholds stay PostgreSQL's.
    /// </summary>
    public const double DefaultAutovacuumNaptimeSeconds = 1;

    /// <summary>On a clock that is the CPU itself (plain sim) the naptime is counted in transactions, so runs stay reproducible.</summary>
    public const int AutovacuumNaptimeTransactionsOnCpuClock = 1000;

    /// <summary>autovacuum_vacuum_cost_delay in PostgreSQL 15: vacuum sleeps 2 ms after each 200 cost units (<see cref="Engine.Vacuuming.VacuumPolicy.Autovacuum"/>).</summary>
    public const double DefaultVacuumCostDelayMs = 2;

    /// <summary>
    /// The vacuum the run asks for: autovacuum (no <see cref="VacuumEvery"/>), a pass over every table
    /// every N transactions, or none (0). A cost delay of 0 runs each pass whole while every client
    /// waits. A clock that is the CPU itself (plain sim) cannot pace by time reproducibly, so there a
    /// pass advances by the cost limit at each commit and the naptime is counted in transactions.
    /// </summary>
    public Engine.Vacuuming.VacuumPolicy VacuumPolicy(string clockBasis)
    {
        bool cpu = clockBasis == "cpu";
        Engine.Vacuuming.VacuumPolicy p;
        if (VacuumEvery is int every)
        {
            if (every <= 0) return new();
            p = Engine.Vacuuming.VacuumPolicy.FixedPaced(every);
        }
        else
        {
            p = Engine.Vacuuming.VacuumPolicy.AutovacuumDefaults(AutovacuumNaptimeSeconds);
            if (cpu) p = p with { NaptimeTransactions = AutovacuumNaptimeTransactionsOnCpuClock };
        }
        if (VacuumCostDelayMs <= 0) return p with { CostLimit = 0, CostDelaySeconds = 0 };
        return p with { CostDelaySeconds = cpu ? 0 : VacuumCostDelayMs / 1e3 };
    }

    /// <summary>How the run id names the vacuum policy: the interval, or auto (with a naptime other than the default).</summary>
    private string VacuumId => VacuumEvery is int every ? every.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : AutovacuumNaptimeSeconds == DefaultAutovacuumNaptimeSeconds ? "auto" : $"auto:{AutovacuumNaptimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s";

    /// <summary>pgbench -T: the run lasts this long on its clock instead of a count of transactions (0: <see cref="Transactions"/> decides).</summary>
    public bool Timed => DurationSeconds > 0;

    /// <summary>What a file device is called in run ids: the kind, not the path, so shards on other hosts match.</summary>
    public string DeviceKind => Device.StartsWith("file:", StringComparison.Ordinal) ? "file" : Device;

    /// <summary>Identifies the configuration and seed of a run within a sweep (resume and merge match on it).</summary>
    public string Id => $"{Strategy}|{Script.Name()}|{Distribution}|scale={Scale}|{(Timed ? $"duration={DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"txns={Transactions}")}{(RateTps > 0 ? $"|rate={RateTps.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}{(WarmupSeconds > 0 ? $"|warmup={WarmupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|ckpt={CheckpointEvery}|wal={CheckpointWalBytes}" +
                        $"|buf={Buffers}{(BgWriterDelayMs != Engine.Buffers.BackgroundWriterPolicy.DefaultDelaySeconds * 1e3 ? $"|bgw={BgWriterDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|vac={VacuumId}{(VacuumCostDelayMs != DefaultVacuumCostDelayMs ? $"|vcd={VacuumCostDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|page={PageSize}|ff={FillFactor}|cct={CheckpointCompletionTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(CheckpointTimeoutSeconds > 0 ? $"|timeout={CheckpointTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|{DeviceKind}|clients={Clients}{SimCpuId}{(WalFlushAlign > 0 ? $"|align={WalFlushAlign}" : "")}|seed={Seed}";

    /// <summary>The simulated server in the run id, when it is not the default one (ids of runs before it existed stay the same).</summary>
    private string SimCpuId =>
        (SimCpus != 1 ? $"|cpus={SimCpus}" : "") +
        (SimCpuPerStatementSeconds != RunEngine.DefaultSimCpuPerStatementSeconds ? $"|cpu_us={(SimCpuPerStatementSeconds * 1e6).ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");
}
