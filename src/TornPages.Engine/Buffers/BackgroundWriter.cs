using TornPages.Engine.Scheduling;
using TornPages.Storage;

namespace TornPages.Engine.Buffers;

/// <summary>
/// The background writer, as BgBufferSync: at each round it estimates the frames the next rounds'
/// evictions will claim (the recent demand, smoothed: up at once, down over 16 rounds, times the
/// multiplier) and makes that many frames ahead of the clock hand clean, so a client that needs a
/// frame seldom has to write one itself. It runs on the engine thread between transactions: its
/// writes (and the WAL flushes the WAL rule asks for) still stop the clients while they run, as a
/// client's own eviction would; what changes is who writes and when (runs.csv: writes_bgwriter).
/// </summary>
public sealed class BackgroundWriter(BufferPool pool)
{
    /// <summary>PostgreSQL's smoothing_samples: how many rounds a falling demand takes to be believed.</summary>
    private const int SmoothingRounds = 16;

    private BackgroundWriterPolicy _policy = BackgroundWriterPolicy.Off;
    private Period _delay = new(0, 0);
    private long _allocationsAtRound;
    private double _smoothedDemand;

    public BackgroundWriterPolicy Policy
    {
        get => _policy;
        set
        {
            value.Validate();
            _policy = value;
            _delay = new Period(value.DelaySeconds, value.DelayTransactions);
            _allocationsAtRound = pool.Allocations;
        }
    }

    public int Rounds { get; private set; }

    public void TransactionFinished() => _delay.TransactionFinished();

    /// <summary>Runs a round when one is due; returns the pages it wrote.</summary>
    public int Step(double now)
    {
        if (!_policy.Enabled || !_delay.IsOver(now)) return 0;
        Rounds++;
        long demand = pool.Allocations - _allocationsAtRound;
        _allocationsAtRound = pool.Allocations;
        _smoothedDemand = demand >= _smoothedDemand ? demand : _smoothedDemand + (demand - _smoothedDemand) / SmoothingRounds;
        int target = (int)Math.Min(pool.Frames, Math.Ceiling(_smoothedDemand * _policy.LruMultiplier));
        if (target == 0) return 0;
        using var cause = IoCauses.Enter(IoCause.BgWriter);
        return pool.CleanAhead(target, _policy.LruMaxPages);
    }
}
