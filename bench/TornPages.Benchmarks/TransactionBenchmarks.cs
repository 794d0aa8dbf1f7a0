using BenchmarkDotNet.Attributes;
using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Benchmarks;

/// <summary>
/// One tpcb-like transaction on the simulated device, with its share of checkpoints (every 1000
/// transactions), per strategy and scale; no vacuum (its cost is the harness's to measure: it
/// depends on the vacuum policy). The pool is 16384 frames (128 MB): scale 1 (15 MB) fits in it,
/// scale 100 (1.6 GB) is twelve times larger, so there transactions read pages and evict dirty
/// ones through the strategy's write path.
/// The database grows as a real one does (history rows, moved row versions, index splits: about
/// 100 to 150 bytes per transaction) and the simulated device must hold that growth; it is reserved
/// up front (<see cref="ReserveBytes"/>, covering every invocation of this job), so the Allocated
/// column shows what the engine and the device allocate per transaction beyond the data itself.
/// Run: dotnet run -c Release --project bench/TornPages.Benchmarks -- --filter '*Transaction*'
/// Compare rows side by side (one run).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: Invocations)]
public class TransactionBenchmarks
{
    /// <summary>Frames in the pool: the harness's scale-100 configuration (DESIGN 9).</summary>
    public const int Buffers = 16_384;

    /// <summary>Transactions per iteration; with warmup, measurement and the memory pass, about 20 iterations run.</summary>
    public const int Invocations = 32_768;

    /// <summary>Growth of about 20 iterations at up to 200 bytes per transaction, with room to spare.</summary>
    public const long ReserveBytes = 256L << 20;

    private Database _db = null!;
    private PgbenchTransactions _txn = null!;
    private TransactionStream _stream = null!;
    private ulong _seq;

    [Params("none", "fpw", "dwb-small", "shadow-8k")]
    public string Strategy { get; set; } = "none";

    [Params(1, 100)]
    public int Scale { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var scale = new Scale(Scale);
        var device = new SimulatedDevice(reserveBytes: ReserveBytes);
        _db = Database.Create(device, PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse(Strategy), Buffers));
        PgbenchLoader.Load(_db, scale);
        _db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: 1000);
        _txn = new PgbenchTransactions(_db, Script.TpcbLike);
        _stream = new TransactionStream(scale, KeyDistribution.Uniform, 1);
    }

    [Benchmark]
    public void TpcbTransaction()
    {
        _txn.Execute(_stream.Next(), ++_seq);
        _db.MaybeCheckpoint();
    }
}
