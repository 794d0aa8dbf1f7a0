using BenchmarkDotNet.Attributes;
using TornPages.Engine;
using TornPages.Engine.Pages;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Benchmarks;

/// <summary>
/// The engine's per-transaction hot paths. Run: dotnet run -c Release --project bench/TornPages.Benchmarks -- --filter '*'
/// Compare the strategies' rows side by side (same run); MemoryDiagnoser shows the per-transaction allocations.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly byte[] _page = new byte[8192];
    private Database _db = null!;
    private PgbenchTransactions _txn = null!;
    private TransactionStream _stream = null!;
    private ulong _seq;

    [Params("none", "fpw")]
    public string Strategy { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_page);
        var scale = new Scale(1, AccountsPerBranch: 20_000);
        _db = Database.Create(new SimulatedDevice(), PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse(Strategy), 1024));
        PgbenchLoader.Load(_db, scale);
        _db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: 1000);
        _txn = new PgbenchTransactions(_db, Script.TpcbLike);
        _stream = new TransactionStream(scale, KeyDistribution.Uniform, 1);
    }

    [Benchmark]
    public uint PageChecksum8K() => PageChecksum.Compute(_page, 42);

    /// <summary>One tpcb-like transaction on the simulated device, checkpoints included at their share.</summary>
    [Benchmark]
    public void TpcbTransaction()
    {
        _txn.Execute(_stream.Next(), ++_seq);
        _db.MaybeCheckpoint();
    }
}
