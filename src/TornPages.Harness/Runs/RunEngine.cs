using TornPages.Engine.Scheduling;
using TornPages.Storage;

namespace TornPages.Harness.Runs;

/// <summary>
/// What a run's clients execute on, by device: simulated time on a simulated device with a cost
/// model (CPU charged per statement, since simulated time has no CPU of its own); on plain sim, no
/// device time, so the wall clock measures the CPU; on real files, the wall clock, with fdatasync
/// on an I/O thread.
/// </summary>
public sealed class RunEngine : IDisposable
{
    /// <summary>
    /// The CPU a statement costs on a simulated clock, unless the run says otherwise: about a PostgreSQL
    /// backend running one of pgbench's prepared statements on a fast server core. A documented
    /// assumption (scripts/pg-calibrate-cpu.sh measures PostgreSQL 15's on the machine at hand); it
    /// bounds simulated throughput at one engine thread's worth.
    /// </summary>
    public const double DefaultSimCpuPerStatementSeconds = 5e-6;

    /// <summary>The CPU per statement a run may ask for, in µs (exclusive): a second a statement is no server.</summary>
    public const double MaxSimCpuUs = 1e6;

    private RunEngine(Scheduler scheduler, RunClock clock, double cpuPerStatement)
    {
        Scheduler = scheduler;
        Clock = clock;
        CpuPerStatement = cpuPerStatement;
    }

    public Scheduler Scheduler { get; }
    public RunClock Clock { get; }
    public double CpuPerStatement { get; }

    /// <param name="simCpus">Cores of the simulated server, on a simulated clock.</param>
    public static RunEngine For(IStorageDevice device, double simCpuPerStatement, int simCpus = 1) => device switch
    {
        SimulatedDevice { Cost: not null } sim => Simulated(sim, simCpuPerStatement, simCpus),
        SimulatedDevice => new RunEngine(new SimScheduler(() => 0), RunClock.Cpu, 0),
        _ => Wall(new WallScheduler()),
    };

    private static RunEngine Simulated(SimulatedDevice device, double cpu, int cpus)
    {
        var s = new SimScheduler(device.TakeSyncsDone, cpus);
        device.Clock = () => s.Now;
        return new(s, new RunClock(() => s.Now, "simulated"), cpu);
    }

    private static RunEngine Wall(WallScheduler s) => new(s, new RunClock(() => s.Now, "wall"), 0);

    public void Dispose() => (Scheduler as IDisposable)?.Dispose();
}
