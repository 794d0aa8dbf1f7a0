namespace TornPages.Engine.Scheduling;

/// <summary>
/// Simulated time: the clock jumps to the next event, so a run is exactly reproducible from its seed
/// whatever the number of clients. The engine thread runs every client's work, one step at a time;
/// its CPU is charged on a simulated server of <c>cpus</c> cores (<see cref="Cpu"/>): a client's
/// charge takes the first stretch free on any core, so with one core the clients take turns and
/// with as many cores as clients none waits for another's CPU. Device work is placed in time by the
/// simulated device (its queue, on this clock). A sync a client's step makes itself (the WAL rule
/// before an eviction, a double-write, a checkpoint's data sync) holds that client until it is done,
/// as a backend waits in fsync: the step's continuation, and anything else it made ready, runs no
/// earlier; meanwhile the CPU is free for the other clients. Within the step, time runs on past each
/// sync (<see cref="Now"/>), so its next device call and its CPU come after it. Work started with
/// <see cref="Scheduler.StartIo"/> (a group commit's flush) holds nobody: it completes later while
/// clients run. Writes alone never hold anyone.
/// </summary>
/// <param name="takeSyncsDone">When the syncs made since the last call are done (0: none); see SimulatedDevice.TakeSyncsDone.</param>
/// <param name="cpus">Cores of the simulated server.</param>
public sealed class SimScheduler(Func<double> takeSyncsDone, int cpus = 1) : Scheduler
{
    /// <summary>The most cores a simulated server may have.</summary>
    public const int MaxCpus = 1024;

    private readonly PriorityQueue<Action, (double Time, long Seq)> _timers = new();
    private long _seq;
    private double _now;
    // Each core's reservations from now on, by start: a client held by its sync reserves its share
    // after the sync, and another may use the core in the gap before it.
    private readonly List<(double Start, double End)>[] _cpuBusy = Cores(cpus);

    private static List<(double Start, double End)>[] Cores(int cpus)
    {
        if (cpus is < 1 or > MaxCpus) throw new ArgumentOutOfRangeException(nameof(cpus), $"a simulated server has 1 to {MaxCpus} cores");
        var cores = new List<(double Start, double End)>[cpus];
        for (int i = 0; i < cpus; i++) cores[i] = [];
        return cores;
    }

    // The step running now: until when its own syncs hold it, and what it made ready or scheduled
    // (released once the step ends, no earlier than that).
    private bool _inStep;
    private double _stepDone;
    private readonly List<Action> _stepReady = [];
    private readonly List<(double Time, Action Action)> _stepTimers = [];

    /// <summary>Cores of the simulated server.</summary>
    public int Cpus => _cpuBusy.Length;

    /// <summary>The clock; inside a step, past the syncs the step has waited for.</summary>
    public override double Now => _inStep ? Math.Max(_now, Absorb()) : _now;

    public override ValueTask Cpu(double seconds)
    {
        if (seconds <= 0) return ValueTask.CompletedTask;
        return new ValueTask(At(ReserveCpu(Now, seconds)));
    }

    /// <summary>
    /// The first stretch of <paramref name="seconds"/> from <paramref name="earliest"/> on that no other
    /// client has reserved, on the core where it ends first (the lowest such core on a tie); returns its end.
    /// </summary>
    private double ReserveCpu(double earliest, double seconds)
    {
        int best = 0;
        double bestStart = double.MaxValue;
        int bestAt = 0;
        for (int core = 0; core < _cpuBusy.Length; core++)
        {
            var (start, at) = FirstFree(_cpuBusy[core], earliest, seconds);
            if (start < bestStart) (best, bestStart, bestAt) = (core, start, at);
            if (start == earliest) break;
        }
        _cpuBusy[best].Insert(bestAt, (bestStart, bestStart + seconds));
        return bestStart + seconds;
    }

    /// <summary>Where on one core's reservations a stretch of <paramref name="seconds"/> from <paramref name="earliest"/> fits first: its start, and the index to insert it at.</summary>
    private (double Start, int At) FirstFree(List<(double Start, double End)> busy, double earliest, double seconds)
    {
        // Reservations never overlap, so ordered by start they are ordered by end: the past ones lead.
        int past = 0;
        while (past < busy.Count && busy[past].End <= _now) past++;
        busy.RemoveRange(0, past);
        double t = earliest;
        int at = 0;
        for (; at < busy.Count; at++)
        {
            var b = busy[at];
            if (b.End <= t) continue;
            if (b.Start >= t + seconds) break;
            t = b.End;
        }
        while (at < busy.Count && busy[at].Start < t) at++;
        return (t, at);
    }

    protected override void StartIoCore(Action work, Action done)
    {
        // The caller waited for its own syncs before it started this work (Now is past them); the
        // work's syncs hold nobody: they complete it.
        Absorb();
        work();
        double finished = takeSyncsDone();
        Place(finished, done);
    }

    /// <summary>A task that completes at simulated time <paramref name="time"/> (now, if it has passed).</summary>
    public override Task At(double time)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Schedule(time, tcs.SetResult);
        return tcs.Task;
    }

    private void Schedule(double time, Action action)
    {
        if (_inStep) _stepTimers.Add((time, action));
        else Place(time, action);
    }

    private void Place(double time, Action action) => _timers.Enqueue(action, (Math.Max(time, _now), _seq++));

    protected override void Enqueue(Action step)
    {
        if (_inStep) _stepReady.Add(step);
        else base.Enqueue(step);
    }

    /// <summary>Takes the syncs made so far into the step's hold; returns it.</summary>
    private double Absorb() => _stepDone = Math.Max(_stepDone, takeSyncsDone());

    protected override void RunStep(Action step)
    {
        _inStep = true;
        _stepDone = 0;
        try
        {
            step();
        }
        finally
        {
            double hold = Absorb();
            _inStep = false;
            _stepDone = 0;
            // What the step made ready continues after the syncs it waited for; the others ran meanwhile.
            foreach (var a in _stepReady)
                if (hold > _now) Place(hold, a);
                else base.Enqueue(a);
            foreach (var (t, a) in _stepTimers) Place(Math.Max(t, hold), a);
            _stepReady.Clear();
            _stepTimers.Clear();
        }
    }

    protected override bool PollEvents()
    {
        bool any = false;
        while (_timers.TryPeek(out var action, out var key) && key.Time <= _now)
        {
            _timers.Dequeue();
            // Due on their own account, not the polling step's: never held by its syncs.
            base.Enqueue(action);
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
