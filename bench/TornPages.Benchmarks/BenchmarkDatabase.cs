using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Benchmarks;

/// <summary>
/// The database the transaction benchmarks run on: pgbench's tables loaded at a scale on the
/// simulated device, a 16384-frame pool (128 MB: scale 1, 15 MB, fits in it; scale 100, 1.6 GB, is
/// twelve times larger), a checkpoint every 1000 transactions, no vacuum (its cost is the harness's
/// to measure: it depends on the vacuum policy), and uniform tpcb-like transactions from seed 1.
/// </summary>
internal sealed class BenchmarkDatabase
{
    /// <summary>Frames in the pool: the harness's scale-100 configuration (DESIGN 9).</summary>
    public const int Buffers = 16_384;

    /// <summary>
    /// The growth the device is given up front: the database grows as a real one does (history rows,
    /// moved row versions, index splits: about 100 to 150 bytes per transaction), so that what a
    /// transaction allocates is the engine's and the device's own, not the data's.
    /// </summary>
    public const long ReserveBytes = 256L << 20;

    public Database Db { get; }
    private readonly PgbenchTransactions _transactions;
    private readonly TransactionStream _stream;
    private ulong _sequence;

    public BenchmarkDatabase(string strategy, Scale scale)
    {
        Db = Database.Create(new SimulatedDevice(reserveBytes: ReserveBytes), PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse(strategy), Buffers));
        PgbenchLoader.Load(Db, scale);
        Db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: 1000);
        _transactions = new PgbenchTransactions(Db, Script.TpcbLike);
        _stream = new TransactionStream(scale, KeyDistribution.Uniform, 1);
    }

    /// <summary>The next transaction, committed, and the checkpoint when it is due.</summary>
    public void Next()
    {
        _transactions.Execute(_stream.Next(), ++_sequence);
        Db.MaybeCheckpoint();
    }

    /// <summary>As <see cref="Next()"/>, through <paramref name="waits"/> (which must not wait: they only read the clock).</summary>
    public void Next(ITransactionWaits waits)
    {
        var done = _transactions.ExecuteAsync(_stream.Next(), ++_sequence, waits);
        if (!done.IsCompleted) throw new InvalidOperationException("a benchmark transaction waited");
        // What the transaction threw, if it failed.
        done.GetAwaiter().GetResult();
        Db.MaybeCheckpoint();
    }
}
