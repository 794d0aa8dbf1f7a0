using TornPages.Harness.Runs;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Runs;

/// <summary>What each strategy's row must look like on one uniform tpcb-like configuration (counts, side by side).</summary>
public class StrategyShapeTests
{
    private static readonly Dictionary<string, RunResult> Rows = new[] { "fpw", "dwb-small", "dwb-large", "dwb-large:4", "shadow-8k", "shadow-64m", "lp-logged" }
        .ToDictionary(s => s, s => BenchmarkRun.Execute(
            new RunConfig(s, Script.TpcbLike, KeyDistribution.Uniform, 1, 2000, 500, 0, 256, "sim", 1, VacuumEvery: 500),
            new SimulatedDevice()));

    [Theory]
    [InlineData("dwb-small")]
    [InlineData("dwb-large")]
    [InlineData("shadow-8k")]
    [InlineData("shadow-64m")]
    public void Double_write_and_shadow_paging_put_no_page_images_in_the_wal(string strategy)
    {
        Assert.Equal(0, Rows[strategy].WalFpiBytes);
        Assert.True(Rows["fpw"].WalFpiBytes > 0);
    }

    [Fact]
    public void Line_pointer_logging_images_heap_pages_only_for_compacting_records()
    {
        var lp = Rows["lp-logged"];
        Assert.True(lp.WalHeapFpiCount > 0, "vacuum and pruning compact heap pages");
        Assert.Equal(lp.WalHeapFpiCount, lp.WalHeapFpiOnCompactingCount);
        Assert.True(lp.WalIndexFpiCount > 0, "index pages keep their images");
        Assert.True(Rows["fpw"].WalHeapFpiCount > lp.WalHeapFpiCount);
    }

    [Fact]
    public void A_small_double_write_buffer_needs_more_syncs_per_transaction_than_full_page_writes() =>
        Assert.True(Rows["dwb-small"].FsyncPerTxn > Rows["fpw"].FsyncPerTxn,
            $"dwb-small {Rows["dwb-small"].FsyncPerTxn:F3} vs fpw {Rows["fpw"].FsyncPerTxn:F3} fsync/txn");

    [Fact]
    public void Double_write_copies_kept_for_four_checkpoints_write_fewer_bytes_and_hold_more_space()
    {
        var one = Rows["dwb-large"];
        var four = Rows["dwb-large:4"];
        Assert.True(four.DwbWriteBytes < one.DwbWriteBytes, $"double-write bytes: dwb-large:4 {four.DwbWriteBytes}, dwb-large {one.DwbWriteBytes}");
        Assert.True(four.StrategyHeldBytes > one.StrategyHeldBytes, $"held: dwb-large:4 {four.StrategyHeldBytes}, dwb-large {one.StrategyHeldBytes}");
        // The file keeps the length the load gave it; what a cycle holds is less.
        Assert.InRange(one.StrategyHeldBytes, 1, one.SpaceBytes / 2);
        Assert.Equal(0, Rows["fpw"].StrategyHeldBytes);
    }

    [Fact]
    public void Shadow_paging_with_64MB_units_copies_far_more_and_with_8K_pages_fragments_far_more()
    {
        var big = Rows["shadow-64m"];
        var small = Rows["shadow-8k"];
        Assert.True(big.CopyWriteBytes > 10 * Math.Max(1, small.CopyWriteBytes), $"copies: 64m {big.CopyWriteBytes}, 8k {small.CopyWriteBytes}");
        Assert.True(small.AccountsDiscontinuities > 10 * Math.Max(1, big.AccountsDiscontinuities),
            $"discontinuities: 8k {small.AccountsDiscontinuities}, 64m {big.AccountsDiscontinuities}");
        Assert.True(small.MapWriteBytes > big.MapWriteBytes);
        Assert.Equal(0, Rows["fpw"].AccountsDiscontinuities);
    }
}
