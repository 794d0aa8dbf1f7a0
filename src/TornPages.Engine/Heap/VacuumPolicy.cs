namespace TornPages.Engine.Heap;

/// <summary>
/// When vacuum runs and how fast. A pass starts when <paramref name="Every"/> transactions have
/// finished since the last one started (0: never; only the pruning full pages trigger). Its work is
/// paced as PostgreSQL's cost-based vacuum delay paces it: each page costs
/// <see cref="PageHitCost"/> when it is in the buffer pool, <see cref="PageMissCost"/> when it is
/// read, and <see cref="PageDirtyCost"/> more when vacuum dirties it; after
/// <paramref name="CostLimit"/> units the pass sleeps <paramref name="CostDelaySeconds"/> on the
/// database's clock (scaled by the overshoot and capped at four times, as vacuum_delay_point does).
/// </summary>
/// <param name="CostLimit">vacuum_cost_limit. 0: a pass runs whole, in one call, while every client waits.</param>
/// <param name="CostDelaySeconds">autovacuum_vacuum_cost_delay. 0 with a cost limit: the pass advances by
/// <paramref name="CostLimit"/> units at each call, for clocks where time does not pass (a run timed on the CPU, crash trials).</param>
public sealed record VacuumPolicy(int Every = 0, int CostLimit = 0, double CostDelaySeconds = 0)
{
    /// <summary>vacuum_cost_page_hit.</summary>
    public const int PageHitCost = 1;
    /// <summary>vacuum_cost_page_miss (2 since PostgreSQL 14).</summary>
    public const int PageMissCost = 2;
    /// <summary>vacuum_cost_page_dirty.</summary>
    public const int PageDirtyCost = 20;

    /// <summary>PostgreSQL 15's autovacuum pacing: vacuum_cost_limit 200, autovacuum_vacuum_cost_delay 2 ms.</summary>
    public static VacuumPolicy Autovacuum(int every) => new(every, 200, 0.002);

    public bool IsDue(int transactionsSince) => Every > 0 && transactionsSince >= Every;

    /// <summary>The most a pass may spend in one call before it yields (unlimited when unpaced).</summary>
    public int Budget => CostLimit > 0 ? CostLimit : int.MaxValue;

    /// <summary>How long a pass sleeps after spending <paramref name="balance"/> units: delay x balance / limit, at most 4 x delay.</summary>
    public double SleepAfter(int balance) =>
        CostLimit > 0 && CostDelaySeconds > 0 ? CostDelaySeconds * Math.Min(4.0, (double)balance / CostLimit) : 0;

    public void Validate()
    {
        if (Every < 0) throw new ArgumentException($"vacuum interval must be 0 or more transactions, not {Every}");
        if (CostLimit < 0) throw new ArgumentException($"vacuum cost limit must be 0 or more, not {CostLimit}");
        if (CostDelaySeconds < 0 || double.IsNaN(CostDelaySeconds)) throw new ArgumentException($"vacuum cost delay must be 0 or more seconds, not {CostDelaySeconds}");
    }

    public override string ToString() =>
        Every <= 0 ? "off" : CostLimit <= 0 ? $"every:{Every}" : $"every:{Every},limit:{CostLimit},delay:{CostDelaySeconds * 1e3:0.###}ms";
}
