namespace TornPages.Engine.Scheduling;

/// <summary>
/// Simulated time: the clock jumps to the next event, so a run is exactly reproducible from its seed
/// whatever the number of clients. The engine thread is one CPU (<see cref="Cpu"/> charges it, one
/// client at a time). Device work is placed in time by the simulated device (its queue, on this
/// clock): a sync the engine thread makes itself (a checkpoint's data sync, the WAL rule before an
/// eviction) stops every client until it is done; one started with <see cref="StartIo"/> (a group
/// commit's flush) completes later while other clients run. Writes alone never stop anyone.
/// </summary>
/// <param name="takeSyncsDone">When the syncs made since the last call are done (0: none); see SimulatedDevice.TakeSyncsDone.</param>
public sealed class SimScheduler(Func<double> takeSyncsDone) : Scheduler
{
    private readonly PriorityQueue<Action, (double Time, long Seq)> _timers = new();
    private long _seq;
    private double _now;
    private double _cpuFree;

    public override double Now => _now;

    public override ValueTask Cpu(double seconds)
    {
        if (seconds <= 0) return ValueTask.CompletedTask;
        _cpuFree = Math.Max(_now, _cpuFree) + seconds;
        return new ValueTask(At(_cpuFree));
    }

    protected override void StartIoCore(Action work, Action done)
    {
        Block();
        work();
        Schedule(takeSyncsDone(), done);
    }

    /// <summary>A task that completes at simulated time <paramref name="time"/> (now, if it has passed).</summary>
    public override Task At(double time)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Schedule(time, tcs.SetResult);
        return tcs.Task;
    }

    private void Schedule(double time, Action action) => _timers.Enqueue(action, (Math.Max(time, _now), _seq++));

    /// <summary>The engine thread waited for the syncs it made itself.</summary>
    private void Block() => _now = Math.Max(_now, takeSyncsDone());

    protected override void RunStep(Action step)
    {
        step();
        Block();
    }

    protected override bool PollEvents()
    {
        bool any = false;
        while (_timers.TryPeek(out var action, out var key) && key.Time <= _now)
        {
            _timers.Dequeue();
            Enqueue(action);
            any = true;
        }
        return any;
    }

    protected override bool WaitForEvents()
    {
        if (!_timers.TryDequeue(out var action, out var key)) return false;
        _now = Math.Max(_now, key.Time);
        RunStep(action);
        return true;
    }
}
