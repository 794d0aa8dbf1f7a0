using BenchmarkDotNet.Attributes;
using TornPages.Engine.Pages;

namespace TornPages.Benchmarks;

/// <summary>Per-page costs every write-out pays: the checksum over 8 KB.</summary>
[MemoryDiagnoser]
public class PageBenchmarks
{
    private readonly byte[] _page = new byte[8192];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(_page);

    [Benchmark]
    public uint PageChecksum8K() => PageChecksum.Compute(_page, 42);
}
