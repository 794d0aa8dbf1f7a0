using BenchmarkDotNet.Attributes;
using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Benchmarks;

/// <summary>
/// One tpcb-like transaction on the simulated device, with its share of vacuum passes (every 1000
/// transactions) and checkpoints (every 1000), per strategy and scale. The pool is 16384 frames
/// (128 MB): scale 1 (15 MB) fits in it, scale 100 (1.6 GB) is twelve times larger, so there every
/// transaction reads pages and evicts dirty ones through the strategy's write path.
/// Run: dotnet run -c Release --project bench/TornPages.Benchmarks -- --filter '*Transaction*'
/// Compare rows side by side (one run); MemoryDiagnoser shows what a transaction allocates.
/// </summary>
[MemoryDiagnoser]
public class TransactionBenchmarks
{
    /// <summary>Frames in the pool: the harness's scale-100 configuration (DESIGN 9).</summary>
    public const int Buffers = 16_384;

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
        _db = Database.Create(new SimulatedDevice(), PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse(Strategy), Buffers));
        PgbenchLoader.Load(_db, scale);
        _db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: 1000);
        _db.VacuumEvery = 1000;
        _txn = new PgbenchTransactions(_db, Script.TpcbLike);
        _stream = new TransactionStream(scale, KeyDistribution.Uniform, 1);
    }

    [Benchmark]
    public void TpcbTransaction()
    {
        _txn.Execute(_stream.Next(), ++_seq);
        _db.MaybeVacuum();
        _db.MaybeCheckpoint();
    }
}
