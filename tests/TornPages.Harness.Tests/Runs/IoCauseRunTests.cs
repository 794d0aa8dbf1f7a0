using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Tests.Cli;
using TornPages.Storage;

namespace TornPages.Harness.Tests.Runs;

/// <summary>runs.csv's syncs_ and write_bytes_ columns: every call of the measured part under one cause.</summary>
public class IoCauseRunTests
{
    private static RunResult Run(string strategy, string device, int clients, params string[] more)
    {
        string dir = Tornbench.TempDir();
        string dev = device == "file" ? "file:" + Tornbench.TempDir() : device;
        var r = Tornbench.Run(["run", "--strategy", strategy, "--scale", "1", "--txns", "1500", "--buffers", "128",
            "--checkpoint-every", "500", "--device", dev, "--clients", clients.ToString(), "--out", dir, .. more]);
        Assert.True(r.Exit == 0, r.Err);
        // Read back from the file: the columns must survive the CSV.
        return CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[0];
    }

    private static void AssertSumsToTotals(RunResult r)
    {
        Assert.Equal(r.TotalSyncs, IoCauses.All.Sum(r.SyncsBy));
        Assert.Equal(r.TotalWriteBytes, IoCauses.All.Sum(r.WriteBytesBy));
        // Every call of the measured part was made for a reason the engine names.
        Assert.Equal((0, 0), (r.SyncsOther, r.WriteBytesOther));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("fpw")]
    [InlineData("dwb-small")]
    [InlineData("dwb-large")]
    [InlineData("shadow-8k")]
    [InlineData("shadow-64m")]
    [InlineData("lp-logged")]
    public void Every_strategys_causes_sum_to_the_totals(string strategy)
    {
        var r = Run(strategy, "sim", 1);
        AssertSumsToTotals(r);
        // One client commits synchronously: a WAL sync per commit, under commit.
        Assert.InRange(r.SyncsCommit, r.Txns, r.Txns + 1);
        Assert.True(r.SyncsCheckpoint > 0 && r.WriteBytesCheckpoint > 0, "checkpoints wrote and synced nothing");
        // 128 buffers for a 15 MB database: clients evict dirty pages.
        Assert.True(r.WriteBytesEviction >= r.BufferEvictionsDirty * 8192L, $"{r.WriteBytesEviction} bytes for {r.BufferEvictionsDirty} dirty evictions");
        Assert.Equal(r.DwbWriteBytes, r.WriteBytesDoubleWrite);
        Assert.Equal(r.MapWriteBytes, r.WriteBytesMap);
        Assert.Equal((r.ControlWriteBytes, r.ControlSyncs), (r.WriteBytesControl, r.SyncsControl));
    }

    [Fact]
    public void Group_commit_on_real_files_counts_its_io_threads_syncs_as_commits()
    {
        // On real files the group flush's sync and a spread checkpoint's data sync run on an I/O thread.
        // simple-update: no branch row for eight clients to queue on at scale 1.
        var r = Run("fpw", "file", 8, "--script", "simple-update", "--checkpoint-completion-target", "0.9");
        AssertSumsToTotals(r);
        Assert.True(r.SyncsCommit > 0 && r.SyncsCommit < r.Txns, $"{r.SyncsCommit} commit syncs for {r.Txns} transactions from 8 clients");
        Assert.True(r.SyncsCheckpoint > 0);
    }

    [Fact]
    public void The_background_writer_and_full_wal_buffers_have_their_own_columns()
    {
        var r = Run("fpw", "sim", 1, "--vacuum-every", "500");
        AssertSumsToTotals(r);
        Assert.True(r.WriteBytesBgWriter > 0, "the background writer wrote nothing with 128 buffers");
        // A vacuum pass logs an image of each page it first changes after a checkpoint: more than 8 WAL pages between commits.
        Assert.True(r.WriteBytesWalFull > 0, "a vacuum's images never filled the WAL buffers");
        Assert.Equal(0, r.SyncsWalFull);
    }
}

/// <summary>A spread checkpoint and a batching write path: the batches fill across the checkpoint's paced rounds.</summary>
public class SpreadCheckpointBatchTests
{
    [Fact]
    public void A_spread_checkpoint_writes_dwb_small_batches_full_not_one_per_round()
    {
        string dir = Tornbench.TempDir();
        // Buffers enough that no client evicts: every double-write is the checkpoint's.
        var r = Tornbench.Run("run", "--strategy", "dwb-small", "--scale", "1", "--txns", "2000", "--buffers", "16384",
            "--checkpoint-every", "500", "--checkpoint-completion-target", "0.9", "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        var row = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[0];
        Assert.Equal(0, row.BufferEvictionsDirty);
        Assert.True(row.WritesCheckpointer > 500, $"{row.WritesCheckpointer} pages written by checkpoints");
        // 32 pages a batch, and at most one part-filled batch at each checkpoint's end.
        Assert.InRange(row.DwbSyncs, 1, row.WritesCheckpointer / 32 + 2 * row.Checkpoints + row.WritesBgwriter);
    }
}
