using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Tests.Cli;

namespace TornPages.Harness.Tests.Runs;

/// <summary>tornbench run --clients: group commit and row locks in runs.csv, the same figures twice.</summary>
public class ClientRunTests
{
    private static RunResult Run(int clients, string dir)
    {
        var r = Tornbench.Run("run", "--strategy", "fpw", "--scale", "8", "--txns", "3000", "--device", "sim-ssd", "--seed", "3",
            "--clients", clients.ToString(), "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        return CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[^1];
    }

    [Fact]
    public void Sixteen_clients_commit_several_per_flush_wait_for_locked_rows_and_repeat_exactly()
    {
        string dir = Tornbench.TempDir();
        var one = Run(1, dir);
        var many = Run(16, dir);
        var again = Run(16, dir);

        Assert.Equal((1, 16), (one.Clients, many.Clients));
        // One client: a flush per commit, and the odd one more (an eviction's WAL rule, a checkpoint).
        Assert.InRange(one.CommitsPerFlush, 0.9, 1.0);
        Assert.Equal(0, one.LockWaits);
        Assert.True(many.CommitsPerFlush > 2, $"{many.CommitsPerFlush:F2} commits per flush with 16 clients");
        Assert.True(many.FsyncPerTxn < one.FsyncPerTxn / 2, $"fsync/txn {many.FsyncPerTxn:F3} with 16 clients, {one.FsyncPerTxn:F3} with 1");
        Assert.True(many.Tps > one.Tps * 1.5, $"tps {many.Tps:F0} with 16 clients, {one.Tps:F0} with 1");
        Assert.True(many.LockWaits > 0 && many.LockWaitS > 0, "sixteen clients on eight branches never waited for a row");
        Assert.True(many.LatencyP99Ms > one.LatencyP99Ms, "waiting for locks and flushes did not show in the latency");

        Assert.Equal(many.Tps, again.Tps);
        Assert.Equal(many.LatencyP99Ms, again.LatencyP99Ms);
        Assert.Equal(many.WalBytes, again.WalBytes);
        Assert.Equal(many.TotalSyncs, again.TotalSyncs);
        Assert.Equal(many.LockWaits, again.LockWaits);
        Assert.Equal(3, CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv")).Count);
    }
}
