namespace TornPages.Workloads;

/// <summary>
/// What a crash trial knows of its commits when the device fails: the sequence numbers in the order
/// their commit records entered the WAL, and those whose commit was acknowledged to their client
/// (its flush completed and reported).
/// </summary>
public sealed class CommitOrder
{
    private readonly List<ulong> _order = [];
    private readonly HashSet<ulong> _acknowledged = [];

    public IReadOnlyList<ulong> Order => _order;
    public IReadOnlySet<ulong> Acknowledged => _acknowledged;

    public void Inserted(ulong sequence) => _order.Add(sequence);

    public void Acknowledge(ulong sequence) => _acknowledged.Add(sequence);

    /// <summary>One client: <paramref name="started"/> commits in sequence order, the first <paramref name="acknowledged"/> acknowledged.</summary>
    public static CommitOrder InSequence(int started, long acknowledged)
    {
        var c = new CommitOrder();
        for (int i = 1; i <= started; i++) c.Inserted((ulong)i);
        for (int i = 1; i <= acknowledged; i++) c.Acknowledge((ulong)i);
        return c;
    }
}
