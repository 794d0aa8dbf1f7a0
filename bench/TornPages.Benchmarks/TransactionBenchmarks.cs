using BenchmarkDotNet.Attributes;
using TornPages.Workloads;

namespace TornPages.Benchmarks;

/// <summary>
/// One tpcb-like transaction on the simulated device, with its share of checkpoints, per strategy
/// and scale (<see cref="BenchmarkDatabase"/>: at scale 100 transactions read pages and evict dirty
/// ones through the strategy's write path). The device's growth is reserved up front for every
/// invocation of this job, so the Allocated column shows what the engine and the device allocate
/// per transaction beyond the data itself.
/// Run: dotnet run -c Release --project bench/TornPages.Benchmarks -- --filter '*Transaction*'
/// Compare rows side by side (one run). Where the time goes, statement by statement:
/// dotnet run -c Release --project bench/TornPages.Benchmarks -- statements
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: Invocations)]
public class TransactionBenchmarks
{
    /// <summary>Transactions per iteration; with warmup, measurement and the memory pass, about 20 iterations run (within <see cref="BenchmarkDatabase.ReserveBytes"/>).</summary>
    public const int Invocations = 32_768;

    private BenchmarkDatabase _db = null!;

    [Params("none", "fpw", "dwb-small", "shadow-8k")]
    public string Strategy { get; set; } = "none";

    [Params(1, 100)]
    public int Scale { get; set; } = 1;

    [GlobalSetup]
    public void Setup() => _db = new BenchmarkDatabase(Strategy, new Scale(Scale));

    [Benchmark]
    public void TpcbTransaction() => _db.Next();
}
