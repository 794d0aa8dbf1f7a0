namespace TornPages.Engine.Heap;

/// <summary>
/// Live and dead row versions per relation, as PostgreSQL's statistics collector keeps n_live_tup
/// and n_dead_tup for autovacuum: a load or an insert adds a live version; an update leaves one dead
/// version (counted when it is written, not when its transaction commits: aborts are rare here);
/// pruning subtracts the versions it removes for good (not those it leaves as dead line pointers,
/// which still need vacuum), and a vacuum pass takes over the dead versions there were when it started. Kept in memory: after a restart the counts start again from zero.
/// </summary>
public sealed class TupleCounts
{
    private readonly long[] _live = new long[256];
    private readonly long[] _dead = new long[256];

    public long Live(byte rel) => _live[rel];
    public long Dead(byte rel) => _dead[rel];

    public void Inserted(byte rel, long count = 1) => _live[rel] += count;
    public void Updated(byte rel) => _dead[rel]++;
    public void Pruned(byte rel, int removed) => _dead[rel] = Math.Max(0, _dead[rel] - removed);

    /// <summary>A vacuum pass of <paramref name="rel"/> starts: the dead versions there are now are its work.</summary>
    public void VacuumStarted(byte rel) => _dead[rel] = 0;
}
