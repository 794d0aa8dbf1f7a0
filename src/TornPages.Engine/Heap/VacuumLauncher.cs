using TornPages.Engine.Files;

namespace TornPages.Engine.Heap;

/// <summary>
/// Starts vacuum passes as the <see cref="VacuumPolicy"/> says and advances the running one: with
/// autovacuum, PostgreSQL's launcher and its one worker (at each naptime, the tables over their
/// threshold are queued and vacuumed one after another); otherwise a pass over every table every N
/// transactions. A pass advances only after its cost-delay sleep has passed on the clock it is given.
/// </summary>
public sealed class VacuumLauncher(Vacuum vacuum, TupleCounts tuples, Catalog catalog, VacuumPolicy policy)
{
    private readonly Queue<byte> _queue = new();
    private double _wakeAt;
    private double _napEnds = double.NaN;
    private int _transactionsSincePass;
    private int _transactionsSinceNap;

    public VacuumPolicy Policy
    {
        get => policy;
        set
        {
            value.Validate();
            policy = value;
            _napEnds = double.NaN;
            _queue.Clear();
        }
    }

    /// <summary>A transaction has finished: the fixed interval, and a naptime counted in transactions, move on.</summary>
    public void TransactionFinished()
    {
        _transactionsSincePass++;
        _transactionsSinceNap++;
    }

    /// <summary>Starts a pass when one is due and advances the running one by its budget once its sleep is over; true when a pass finished.</summary>
    /// <param name="horizon">Every transaction below it has finished (it only rises, so a pass may keep the one it started with).</param>
    public bool Step(uint horizon, double now)
    {
        if (!vacuum.Running)
        {
            if (!TryStart(horizon, now)) return false;
            _wakeAt = now;
        }
        if (now < _wakeAt) return false;
        int spent = vacuum.Advance(policy.Budget);
        _wakeAt = now + policy.SleepAfter(spent);
        return !vacuum.Running;
    }

    private bool TryStart(uint horizon, double now)
    {
        if (policy.Autovacuum)
        {
            if (_queue.Count == 0 && NapOver(now))
                foreach (var r in catalog.All)
                    if (r.Kind == RelKind.Heap && policy.NeedsVacuum(tuples.Live(r.Id), tuples.Dead(r.Id)))
                        _queue.Enqueue(r.Id);
            if (!_queue.TryDequeue(out byte rel)) return false;
            tuples.VacuumStarted(rel);
            vacuum.Start(horizon, rel);
            return true;
        }
        if (!policy.IsDue(_transactionsSincePass)) return false;
        foreach (var r in catalog.All)
            if (r.Kind == RelKind.Heap) tuples.VacuumStarted(r.Id);
        vacuum.Start(horizon);
        _transactionsSincePass = 0;
        return true;
    }

    /// <summary>The launcher wakes: the first call starts the first nap, as the launcher sleeps a naptime before its first look.</summary>
    private bool NapOver(double now)
    {
        if (policy.NaptimeTransactions > 0)
        {
            if (_transactionsSinceNap < policy.NaptimeTransactions) return false;
            _transactionsSinceNap = 0;
            return true;
        }
        if (double.IsNaN(_napEnds)) _napEnds = now + policy.NaptimeSeconds;
        if (now < _napEnds) return false;
        _napEnds = now + policy.NaptimeSeconds;
        return true;
    }
}
