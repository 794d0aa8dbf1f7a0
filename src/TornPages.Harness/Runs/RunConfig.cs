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
    int VacuumEvery = 1000,
    int Clients = 1,
    double CheckpointCompletionTarget = CheckpointDefaults.CompletionTarget,
    double SimCpuPerStatementSeconds = RunEngine.DefaultSimCpuPerStatementSeconds,
    double DurationSeconds = 0,
    double CheckpointTimeoutSeconds = 0,
    double WarmupSeconds = 0,
    double RateTps = 0,
    double VacuumCostDelayMs = RunConfig.DefaultVacuumCostDelayMs)
{
    /// <summary>autovacuum_vacuum_cost_delay in PostgreSQL 15: vacuum sleeps 2 ms after each 200 cost units (<see cref="Engine.Heap.VacuumPolicy.Autovacuum"/>).</summary>
    public const double DefaultVacuumCostDelayMs = 2;

    /// <summary>
    /// The vacuum the run asks for. A delay of 0 runs each pass whole while every client waits. A
    /// clock that is the CPU itself (plain sim) cannot pace by time reproducibly, so there a pass
    /// advances by the cost limit at each commit instead.
    /// </summary>
    public Engine.Heap.VacuumPolicy VacuumPolicy(string clockBasis)
    {
        if (VacuumEvery <= 0 || VacuumCostDelayMs <= 0) return new(VacuumEvery);
        var autovacuum = Engine.Heap.VacuumPolicy.Autovacuum(VacuumEvery);
        return clockBasis == "cpu" ? autovacuum with { CostDelaySeconds = 0 } : autovacuum with { CostDelaySeconds = VacuumCostDelayMs / 1e3 };
    }

    /// <summary>pgbench -T: the run lasts this long on its clock instead of a count of transactions (0: <see cref="Transactions"/> decides).</summary>
    public bool Timed => DurationSeconds > 0;

    /// <summary>What a file device is called in run ids: the kind, not the path, so shards on other hosts match.</summary>
    public string DeviceKind => Device.StartsWith("file:", StringComparison.Ordinal) ? "file" : Device;

    /// <summary>Identifies the configuration and seed of a run within a sweep (resume and merge match on it).</summary>
    public string Id => $"{Strategy}|{Script.Name()}|{Distribution}|scale={Scale}|{(Timed ? $"duration={DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"txns={Transactions}")}{(RateTps > 0 ? $"|rate={RateTps.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}{(WarmupSeconds > 0 ? $"|warmup={WarmupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|ckpt={CheckpointEvery}|wal={CheckpointWalBytes}" +
                        $"|buf={Buffers}|vac={VacuumEvery}{(VacuumCostDelayMs != DefaultVacuumCostDelayMs ? $"|vcd={VacuumCostDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|page={PageSize}|ff={FillFactor}|cct={CheckpointCompletionTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(CheckpointTimeoutSeconds > 0 ? $"|timeout={CheckpointTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}|{DeviceKind}|clients={Clients}|seed={Seed}";
}
