namespace TornPages.Engine.Scheduling;

/// <summary>
/// Simulated time: the clock jumps to the next event, so a run is exactly reproducible from its seed
/// whatever the number of clients. The engine thread is one CPU (<see cref="Cpu"/> charges it, one
/// client at a time). The device follows the simulated device's cost model as buffered I/O does:
/// a write goes to the device's queue and the engine goes on (the page cache takes it); a sync waits
/// for every write queued before it, then for its own latency. A sync the engine thread makes itself
/// (a checkpoint's data sync, the WAL rule before an eviction) stops every client until it is done;
/// one started with <see cref="StartIo"/> (a group commit's flush) completes while other clients run.
/// Syncs do not hold the queue: writes issued during a sync proceed (a device with a deep queue).
/// </summary>
/// <param name="device">The simulated device's cumulative write time and sync time.</param>
public sealed class SimScheduler(Func<(double WriteSeconds, double SyncSeconds)> device) : Scheduler
{
    private readonly PriorityQueue<Action, (double Time, long Seq)> _timers = new();
    private long _seq;
    private double _now;
    private double _cpuFree;
    private double _writesDone;
    private double _chargedWrites, _chargedSyncs;

    public override double Now => _now;
    public override string TimeBasis => "simulated";

    public override ValueTask Cpu(double seconds)
    {
        if (seconds <= 0) return ValueTask.CompletedTask;
        _cpuFree = Math.Max(_now, _cpuFree) + seconds;
        return new ValueTask(At(_cpuFree));
    }

    public override void StartIo(Action work, Action done)
    {
        Charge();
        var (w0, s0) = device();
        work();
        var (w1, s1) = device();
        _chargedWrites += w1 - w0;
        _chargedSyncs += s1 - s0;
        Queue(w1 - w0);
        Schedule(Math.Max(_now, _writesDone) + (s1 - s0), done);
    }

    /// <summary>A task that completes at simulated time <paramref name="time"/> (now, if it has passed).</summary>
    public Task At(double time)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Schedule(time, tcs.SetResult);
        return tcs.Task;
    }

    private void Schedule(double time, Action action) => _timers.Enqueue(action, (Math.Max(time, _now), _seq++));

    private void Queue(double writeSeconds)
    {
        if (writeSeconds > 0) _writesDone = Math.Max(_now, _writesDone) + writeSeconds;
    }

    /// <summary>Charges what the engine thread made the device do since the last charge: writes queue, syncs block.</summary>
    private void Charge()
    {
        var (w, s) = device();
        Queue(w - _chargedWrites);
        double sync = s - _chargedSyncs;
        if (sync > 0) _now = Math.Max(_now, _writesDone) + sync;
        (_chargedWrites, _chargedSyncs) = (w, s);
    }

    protected override void RunStep(Action step)
    {
        step();
        Charge();
    }

    protected override bool WaitForEvents()
    {
        if (!_timers.TryDequeue(out var action, out var key)) return false;
        _now = Math.Max(_now, key.Time);
        RunStep(action);
        return true;
    }
}
