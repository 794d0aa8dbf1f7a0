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
    private double _nextRound = double.NaN;
    private int _transactionsSinceRound;
    private long _allocationsAtRound;
    private double _smoothedDemand;

    public BackgroundWriterPolicy Policy
    {
        get => _policy;
        set
        {
            value.Validate();
            _policy = value;
            _nextRound = double.NaN;
        }
    }

    public int Rounds { get; private set; }

    public void TransactionFinished() => _transactionsSinceRound++;

    /// <summary>Runs a round when one is due; returns the pages it wrote.</summary>
    public int Step(double now)
    {
        if (!_policy.Enabled || !RoundDue(now)) return 0;
        Rounds++;
        long demand = pool.Allocations - _allocationsAtRound;
        _allocationsAtRound = pool.Allocations;
        _smoothedDemand = demand >= _smoothedDemand ? demand : _smoothedDemand + (demand - _smoothedDemand) / SmoothingRounds;
        int target = (int)Math.Min(pool.Frames, Math.Ceiling(_smoothedDemand * _policy.LruMultiplier));
        return target == 0 ? 0 : pool.CleanAhead(target, _policy.LruMaxPages);
    }

    private bool RoundDue(double now)
    {
        if (_policy.DelayTransactions > 0)
        {
            if (_transactionsSinceRound < _policy.DelayTransactions) return false;
            _transactionsSinceRound = 0;
            return true;
        }
        if (double.IsNaN(_nextRound))
        {
            _nextRound = now + _policy.DelaySeconds;
            _allocationsAtRound = pool.Allocations;
            return false;
        }
        if (now < _nextRound) return false;
        _nextRound = now + _policy.DelaySeconds;
        return true;
    }
}
