using TornPages.Engine.Files;
using TornPages.Engine.Heap;
using TornPages.Engine.Scheduling;

namespace TornPages.Engine.Vacuuming;

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
    private Period _nap = new(policy.NaptimeSeconds, policy.NaptimeTransactions);
    private int _transactionsSincePass;

    public VacuumPolicy Policy
    {
        get => policy;
        set
        {
            value.Validate();
            policy = value;
            _nap = new Period(value.NaptimeSeconds, value.NaptimeTransactions);
            _queue.Clear();
        }
    }

    /// <summary>A transaction has finished: the fixed interval, and a naptime counted in transactions, move on.</summary>
    public void TransactionFinished()
    {
        _transactionsSincePass++;
        _nap.TransactionFinished();
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
            // The launcher looks when its naptime is over (it sleeps one before its first look).
            if (_queue.Count == 0 && _nap.IsOver(now))
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
}
