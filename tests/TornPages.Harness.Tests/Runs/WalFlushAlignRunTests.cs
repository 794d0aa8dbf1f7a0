using TornPages.Harness.Runs;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Runs;

/// <summary>What aligning each WAL flush to a sector costs and saves, side by side on the simulated device (counts, not times).</summary>
public class WalFlushAlignRunTests
{
    private static RunResult Run(int align) =>
        BenchmarkRun.Execute(
            new RunConfig("none", Script.TpcbLike, KeyDistribution.Uniform, 1, 1000, 500, 0, 256, "sim", 1) { WalFlushAlign = align },
            new SimulatedDevice());

    [Fact]
    public void Aligned_flushes_advance_the_WAL_by_their_padding_and_write_fewer_WAL_bytes()
    {
        var off = Run(0);
        var aligned = Run(512);
        Assert.Equal(0, off.WalAlignPadBytes);
        Assert.Equal(512, aligned.WalFlushAlign);
        Assert.InRange(aligned.WalAlignPadBytes, 1, 1000L * 511 + 20 * 511);
        // The records are the same; the stream is longer by the padding, less the 8-byte record
        // alignment the padding absorbs, plus the page headers it pushes along.
        Assert.InRange(aligned.WalBytes - off.WalBytes, aligned.WalAlignPadBytes * 9 / 10, aligned.WalAlignPadBytes * 11 / 10);
        // Each flush writes only the sectors after the last one, not the whole WAL page again.
        Assert.True(aligned.WalWriteBytes < off.WalWriteBytes, $"aligned wrote {aligned.WalWriteBytes} WAL bytes, unaligned {off.WalWriteBytes}");
    }
}
