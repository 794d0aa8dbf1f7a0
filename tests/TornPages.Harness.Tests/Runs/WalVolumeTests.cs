using TornPages.Harness.Runs;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Runs;

/// <summary>The headline effect, measured side by side on the simulated device (counts, not times, so the machine's noise does not matter).</summary>
public class WalVolumeTests
{
    private static RunResult Run(string strategy, int checkpointEvery, string dist = "uniform") =>
        BenchmarkRun.Execute(
            new RunConfig(strategy, Script.TpcbLike, KeyDistribution.Parse(dist), 1, 3000, checkpointEvery, 0, 1024, "sim", 1),
            new SimulatedDevice());

    [Fact]
    public void Full_page_writes_cost_several_times_the_wal_and_the_gap_shrinks_with_rarer_checkpoints_and_skew()
    {
        var none = Run("none", 1000);
        var fpw = Run("fpw", 1000);
        var fpwRare = Run("fpw", 3000);
        var noneRare = Run("none", 3000);
        var fpwSkew = Run("fpw", 1000, "zipfian:1.1");
        var noneSkew = Run("none", 1000, "zipfian:1.1");

        double ratio = (double)fpw.WalBytes / none.WalBytes;
        Assert.True(ratio >= 3, $"fpw/none WAL ratio {ratio:F2} at checkpoints every 1000");
        Assert.Equal(0, none.WalFpiBytes);
        Assert.True(fpw.WalHeapFpiBytes > 0 && fpw.WalIndexFpiBytes > 0, "fpw images both heap and index pages");

        double rare = (double)fpwRare.WalBytes / noneRare.WalBytes;
        double skew = (double)fpwSkew.WalBytes / noneSkew.WalBytes;
        Assert.True(rare < ratio, $"rarer checkpoints: ratio {rare:F2} should be below {ratio:F2}");
        Assert.True(skew < ratio, $"zipfian: ratio {skew:F2} should be below {ratio:F2}");
        // The commit rule is the same for both: one WAL sync per transaction, plus checkpoints.
        Assert.InRange(fpw.WalSyncs, 3000, 3100);
        Assert.InRange(none.WalSyncs, 3000, 3100);
    }

    [Fact]
    public void Compressed_images_cut_the_image_bytes_and_zstd_cuts_more_than_lz4()
    {
        var fpw = Run("fpw", 1000);
        var lz4 = Run("fpw:lz4", 1000);
        var zstd = Run("fpw:zstd", 1000);
        // The same pages are imaged; only their bytes shrink.
        Assert.Equal(fpw.WalFpiCount, lz4.WalFpiCount);
        Assert.Equal(fpw.WalFpiCount, zstd.WalFpiCount);
        Assert.True(lz4.WalFpiBytes <= 0.7 * fpw.WalFpiBytes, $"lz4 {lz4.WalFpiBytes} vs fpw {fpw.WalFpiBytes}");
        Assert.True(zstd.WalFpiBytes <= lz4.WalFpiBytes, $"zstd {zstd.WalFpiBytes} vs lz4 {lz4.WalFpiBytes}");
        Assert.Equal("compression=lz4", lz4.StrategyParams);
    }
}
