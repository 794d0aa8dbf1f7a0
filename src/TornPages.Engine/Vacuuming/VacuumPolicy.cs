using System.Globalization;

namespace TornPages.Engine.Vacuuming;

/// <summary>
/// When vacuum runs and how fast.
/// When: either every <paramref name="Every"/> transactions, one pass over every table; or, with
/// <paramref name="Autovacuum"/>, as PostgreSQL's autovacuum decides: at each naptime, every table
/// whose dead versions exceed <paramref name="Threshold"/> + <paramref name="ScaleFactor"/> x its
/// live versions is vacuumed, one table after another. Neither: only the pruning that full pages trigger.
/// How fast: each page costs <see cref="PageHitCost"/> when it is in the buffer pool,
/// <see cref="PageMissCost"/> when it is read, and <see cref="PageDirtyCost"/> more when vacuum
/// dirties it; after <paramref name="CostLimit"/> units the pass sleeps
/// <paramref name="CostDelaySeconds"/> on the database's clock (scaled by the overshoot and capped
/// at four times, as vacuum_delay_point does).
/// </summary>
/// <param name="CostLimit">vacuum_cost_limit. 0: a pass runs whole, in one call, while every client waits.</param>
/// <param name="CostDelaySeconds">autovacuum_vacuum_cost_delay. 0 with a cost limit: the pass advances by
/// <paramref name="CostLimit"/> units at each call, for clocks where time does not pass (a run timed on the CPU, crash trials).</param>
/// <param name="Threshold">autovacuum_vacuum_threshold.</param>
/// <param name="ScaleFactor">autovacuum_vacuum_scale_factor.</param>
/// <param name="NaptimeSeconds">autovacuum_naptime, on the database's clock.</param>
/// <param name="NaptimeTransactions">When positive, the naptime is this many finished transactions instead (for a clock that is the CPU itself, so that a run stays reproducible).</param>
public sealed record VacuumPolicy(int Every = 0, int CostLimit = 0, double CostDelaySeconds = 0,
    bool Autovacuum = false, long Threshold = 50, double ScaleFactor = 0.2, double NaptimeSeconds = 60, int NaptimeTransactions = 0)
{
    /// <summary>vacuum_cost_page_hit.</summary>
    public const int PageHitCost = 1;
    /// <summary>vacuum_cost_page_miss (2 since PostgreSQL 14).</summary>
    public const int PageMissCost = 2;
    /// <summary>vacuum_cost_page_dirty.</summary>
    public const int PageDirtyCost = 20;

    /// <summary>vacuum_cost_limit, PostgreSQL 15's default.</summary>
    public const int DefaultCostLimit = 200;
    /// <summary>autovacuum_vacuum_cost_delay, PostgreSQL 15's default (2 ms since PostgreSQL 12).</summary>
    public const double DefaultCostDelaySeconds = 0.002;
    /// <summary>autovacuum_vacuum_threshold, PostgreSQL's default.</summary>
    public const long DefaultThreshold = 50;
    /// <summary>autovacuum_vacuum_scale_factor, PostgreSQL's default.</summary>
    public const double DefaultScaleFactor = 0.2;

    /// <summary>A pass over every table every <paramref name="every"/> transactions, paced as autovacuum paces its work.</summary>
    public static VacuumPolicy FixedPaced(int every) => new(every, DefaultCostLimit, DefaultCostDelaySeconds);

    /// <summary>PostgreSQL 15's autovacuum: its thresholds and its pacing, checked every <paramref name="naptimeSeconds"/>.</summary>
    public static VacuumPolicy AutovacuumDefaults(double naptimeSeconds) =>
        new(0, DefaultCostLimit, DefaultCostDelaySeconds, Autovacuum: true, NaptimeSeconds: naptimeSeconds);

    public bool IsDue(int transactionsSince) => Every > 0 && transactionsSince >= Every;

    /// <summary>Autovacuum's test for one table.</summary>
    public bool NeedsVacuum(long live, long dead) => Autovacuum && dead > Threshold + ScaleFactor * live;

    /// <summary>The most a pass may spend in one call before it yields (unlimited when unpaced).</summary>
    public int Budget => CostLimit > 0 ? CostLimit : int.MaxValue;

    /// <summary>How long a pass sleeps after spending <paramref name="balance"/> units: delay x balance / limit, at most 4 x delay.</summary>
    public double SleepAfter(int balance) =>
        CostLimit > 0 && CostDelaySeconds > 0 ? CostDelaySeconds * Math.Min(4.0, (double)balance / CostLimit) : 0;

    public void Validate()
    {
        if (Every < 0) throw new ArgumentException($"vacuum interval must be 0 or more transactions, not {Every}");
        if (Every > 0 && Autovacuum) throw new ArgumentException("vacuum is either every N transactions or autovacuum, not both");
        if (CostLimit < 0) throw new ArgumentException($"vacuum cost limit must be 0 or more, not {CostLimit}");
        if (CostDelaySeconds < 0 || double.IsNaN(CostDelaySeconds)) throw new ArgumentException($"vacuum cost delay must be 0 or more seconds, not {CostDelaySeconds}");
        if (Threshold < 0 || ScaleFactor < 0 || double.IsNaN(ScaleFactor)) throw new ArgumentException("autovacuum threshold and scale factor must not be negative");
        if (Autovacuum && NaptimeTransactions <= 0 && !(NaptimeSeconds > 0)) throw new ArgumentException($"autovacuum naptime must be positive, not {NaptimeSeconds}");
        if (NaptimeTransactions < 0) throw new ArgumentException($"autovacuum naptime must be 0 or more transactions, not {NaptimeTransactions}");
    }

    /// <summary>The policy as runs.csv's vacuum_policy column writes it.</summary>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        string when = Autovacuum
            ? string.Create(ci, $"autovacuum:{Threshold}+{ScaleFactor}x,nap:{(NaptimeTransactions > 0 ? $"{NaptimeTransactions}txns" : $"{NaptimeSeconds}s")}")
            : Every > 0 ? $"every:{Every}" : "off";
        if (when == "off") return when;
        return CostLimit <= 0 ? when + ",whole" : string.Create(ci, $"{when},limit:{CostLimit},delay:{CostDelaySeconds * 1e3}ms");
    }
}
