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

/// <summary>A spread checkpoint's data sync runs as background device work: it must finish even when no client ever waits.</summary>
public class BackgroundCheckpointSyncTests
{
    [Theory]
    [InlineData("sim")]
    [InlineData("sim-ssd")]
    [InlineData("file")]
    public void One_client_that_never_waits_still_completes_every_checkpoint_interval(string device)
    {
        string dir = Tornbench.TempDir();
        string dev = device == "file" ? "file:" + Tornbench.TempDir() : device;
        var r = Tornbench.Run("run", "--strategy", "dwb-large", "--txns", "2000", "--checkpoint-every", "400", "--device", dev, "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        var row = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[0];
        // Checkpoints start at 400, 800, ...: each ends (0.9 of its interval later, then its sync) before the next is due.
        Assert.InRange(row.Checkpoints, 4, 5);
    }
}

/// <summary>runs.csv's writes_checkpointer, writes_bgwriter, writes_backend: who wrote each data page.</summary>
public class WritesByWriterTests
{
    [Fact]
    public void Every_data_page_written_is_counted_once_under_the_checkpointer_the_background_writer_or_a_client()
    {
        string dir = Tornbench.TempDir();
        foreach (string bgwriter in new[] { "200", "0" })
        {
            var r = Tornbench.Run("run", "--strategy", "fpw", "--scale", "4", "--txns", "6000", "--buffers", "256", "--device", "sim-ssd",
                "--clients", "4", "--bgwriter-delay", bgwriter, "--out", dir);
            Assert.True(r.Exit == 0, r.Err);
        }
        var rows = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"));
        var (with, without) = (rows[0], rows[1]);
        Assert.Equal(6000, with.Txns);
        foreach (var row in rows)
        {
            // In place (fpw): each page write is one 8 KB write to a data file.
            Assert.Equal(row.DataWriteBytes, (row.WritesCheckpointer + row.WritesBgwriter + row.WritesBackend) * 8192);
            Assert.True(row.WritesCheckpointer > 0 && row.WritesBackend > 0);
        }
        Assert.Equal("200ms,maxpages:100,multiplier:2", with.BgWriter);
        Assert.Equal("off", without.BgWriter);
        Assert.True(with.WritesBgwriter > 0);
        Assert.Equal(0, without.WritesBgwriter);
        Assert.True(with.WritesBackend < without.WritesBackend, $"clients wrote {with.WritesBackend} pages with a background writer, {without.WritesBackend} without");
    }
}

/// <summary>tornbench run --timeseries-seconds: per-interval rows on the run's clock.</summary>
public class TimeseriesRunTests
{
    private static List<TimeseriesPoint> Series(string completionTarget)
    {
        string dir = Tornbench.TempDir();
        var r = Tornbench.Run("run", "--strategy", "fpw", "--scale", "4", "--txns", "6000", "--device", "sim-ssd", "--clients", "4",
            "--checkpoint-every", "1500", "--checkpoint-completion-target", completionTarget, "--vacuum-every", "0",
            "--timeseries-seconds", "0.01", "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        return CsvAppender.Read<TimeseriesPoint>(Path.Combine(dir, "timeseries.csv"));
    }

    [Fact]
    public void Rows_come_every_interval_of_the_clock_with_its_throughput_p99_and_whether_a_checkpoint_was_writing()
    {
        var rows = Series("0.9");
        Assert.True(rows.Count > 10, $"{rows.Count} rows");
        // One row per 10 ms of simulated time (the first commit past each boundary).
        Assert.All(rows.Zip(rows.Skip(1)), p => Assert.InRange(p.Second.ElapsedS - p.First.ElapsedS, 0.01, 0.02));
        Assert.All(rows, r => Assert.True(r.Tps > 0 && r.LatencyP99Ms > 0));
        Assert.Contains(rows, r => r.CheckpointActive == 1);
        Assert.Contains(rows, r => r.CheckpointActive == 0);
        Assert.All(rows, r => Assert.Equal(4, r.Clients));
    }

    [Fact]
    public void A_spread_checkpoint_keeps_the_worst_interval_p99_near_the_typical_one_where_an_immediate_one_stops_every_client()
    {
        static double WorstOverMedian(List<TimeseriesPoint> rows)
        {
            var p99 = rows.Select(r => r.LatencyP99Ms).Order().ToList();
            return p99[^1] / p99[p99.Count / 2];
        }
        double spread = WorstOverMedian(Series("0.9"));
        double immediate = WorstOverMedian(Series("0"));
        Assert.True(spread < 3, $"spread: worst interval p99 is {spread:F1}x the median");
        Assert.True(immediate > 2 * spread, $"immediate: {immediate:F1}x the median, spread: {spread:F1}x");
    }
}

/// <summary>tornbench run --vacuum-cost-delay: vacuum paced as autovacuum, or a whole pass at once.</summary>
public class VacuumPacingRunTests
{
    private static (RunResult Run, double WorstOverMedian) Run(string delayMs)
    {
        string dir = Tornbench.TempDir();
        var r = Tornbench.Run("run", "--strategy", "fpw", "--txns", "6000", "--device", "sim-ssd", "--clients", "4", "--checkpoint-every", "0",
            "--vacuum-every", "1000", "--vacuum-cost-delay", delayMs, "--timeseries-seconds", "0.01", "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        var p99 = CsvAppender.Read<TimeseriesPoint>(Path.Combine(dir, "timeseries.csv")).Select(t => t.LatencyP99Ms).Order().ToList();
        return (CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[0], p99[^1] / p99[p99.Count / 2]);
    }

    [Fact]
    public void Vacuum_paced_by_its_cost_delay_keeps_the_worst_interval_p99_well_below_a_pass_that_stops_every_client()
    {
        var (paced, pacedRatio) = Run("2");
        var (whole, wholeRatio) = Run("0");
        Assert.Equal(2, paced.VacuumCostDelayMs);
        Assert.Equal(0, whole.VacuumCostDelayMs);
        Assert.True(paced.Vacuums >= 2, $"{paced.Vacuums} paced passes finished");
        Assert.True(whole.Vacuums >= 5, $"{whole.Vacuums} whole passes");
        Assert.True(wholeRatio > 2 * pacedRatio, $"whole passes: worst interval p99 {wholeRatio:F1}x the median, paced: {pacedRatio:F1}x");
    }

    [Fact]
    public void By_default_autovacuum_vacuums_the_small_tables_it_finds_over_threshold_and_leaves_accounts_alone()
    {
        string dir = Tornbench.TempDir();
        var r = Tornbench.Run("run", "--strategy", "fpw", "--txns", "5000", "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        var fixedDir = Tornbench.TempDir();
        r = Tornbench.Run("run", "--strategy", "fpw", "--txns", "5000", "--vacuum-every", "1000", "--out", fixedDir);
        Assert.True(r.Exit == 0, r.Err);
        var auto = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[0];
        var every = CsvAppender.Read<RunResult>(Path.Combine(fixedDir, "runs.csv"))[0];

        // Plain sim's clock is the CPU: the launcher looks every 1000 transactions there.
        Assert.Equal("autovacuum:50+0.2x,nap:1000txns,limit:200,delay:0ms", auto.VacuumPolicy);
        Assert.Equal(0, auto.VacuumEvery);
        Assert.True(auto.VacuumsBranches > 0 && auto.VacuumsTellers > 0, $"branches {auto.VacuumsBranches}, tellers {auto.VacuumsTellers}");
        Assert.Equal(0, auto.VacuumsAccounts);
        Assert.Equal(0, auto.VacuumsHistory);
        Assert.Equal(auto.Vacuums, auto.VacuumsBranches + auto.VacuumsTellers);

        Assert.Equal("every:1000,limit:200,delay:0ms", every.VacuumPolicy);
        Assert.True(every.Vacuums >= 4);
        Assert.Equal(every.Vacuums, every.VacuumsAccounts);
        Assert.Equal(every.Vacuums, every.VacuumsHistory);
    }

    [Fact]
    public void A_negative_vacuum_cost_delay_is_refused_in_one_line()
    {
        var r = Tornbench.Run("run", "--vacuum-cost-delay", "-1", "--out", Tornbench.TempDir());
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("--vacuum-cost-delay must be between 0 and 100 milliseconds", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }
}

/// <summary>tornbench run --duration and --progress (pgbench -T and -P).</summary>
public class TimedRunTests
{
    [Fact]
    public void A_timed_run_lasts_its_duration_on_the_run_clock_prints_progress_and_repeats_exactly()
    {
        string dir = Tornbench.TempDir();
        string[] args = ["run", "--strategy", "fpw", "--scale", "4", "--device", "sim-ssd", "--clients", "4", "--duration", "0.5", "--progress", "0.1", "--out", dir];
        var first = Tornbench.Run(args);
        var second = Tornbench.Run(args);
        Assert.True(first.Exit == 0, first.Err);
        var rows = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"));
        var a = rows[0];
        Assert.Equal(0.5, a.DurationS);
        Assert.InRange(a.ElapsedS, 0.5, 0.52);
        Assert.True(a.Txns > 1000, $"{a.Txns} transactions in half a simulated second");
        Assert.Equal(a.Txns / a.ElapsedS, a.Tps, 6);
        Assert.Equal(a.Txns, rows[1].Txns);
        Assert.Equal(a.Tps, rows[1].Tps);
        var progress = first.Out.Split('\n').Where(l => l.StartsWith("progress: ", StringComparison.Ordinal)).ToList();
        Assert.InRange(progress.Count, 4, 5);
        Assert.Matches(@"^progress: 0\.1 s, \d+\.\d tps, lat \d+\.\d{3} ms stddev \d+\.\d{3}$", progress[0]);
        Assert.Equal(first.Out, second.Out);
    }
}

/// <summary>tornbench run --checkpoint-timeout: checkpoints by the run's clock.</summary>
public class CheckpointTimeoutTests
{
    [Theory]
    [InlineData("0.9")]
    [InlineData("0")]
    public void A_checkpoint_every_fifth_of_a_second_of_a_one_second_run_completes_four_or_five(string completionTarget)
    {
        string dir = Tornbench.TempDir();
        var r = Tornbench.Run("run", "--strategy", "fpw", "--scale", "4", "--device", "sim-ssd", "--clients", "4", "--duration", "1",
            "--checkpoint-every", "0", "--checkpoint-timeout", "0.2", "--checkpoint-completion-target", completionTarget, "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        var run = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[0];
        // A spread checkpoint started at 0.8 s ends after the run; an immediate one at 1.0 s may not start.
        Assert.InRange(run.Checkpoints, 4, 5);
    }
}

/// <summary>tornbench run --warmup: transactions run first and counted in no figure.</summary>
public class WarmupTests
{
    [Fact]
    public void A_warmup_runs_before_the_measured_transactions_and_counts_in_none_of_the_figures()
    {
        string dir = Tornbench.TempDir();
        string[] common = ["run", "--strategy", "fpw", "--scale", "4", "--device", "sim-ssd", "--clients", "4", "--txns", "3000", "--out", dir];
        Assert.Equal(0, Tornbench.Run(common).Exit);
        var r = Tornbench.Run([.. common, "--warmup", "0.3"]);
        Assert.True(r.Exit == 0, r.Err);
        var rows = CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"));
        var (cold, warm) = (rows[0], rows[1]);
        // Four clients finish what they hold when the count is reached: at most three more.
        Assert.InRange(warm.Txns, 3000, 3003);
        // The measured part alone: about as long as the cold run's, not 0.3 s longer.
        Assert.InRange(warm.ElapsedS, cold.ElapsedS * 0.7, cold.ElapsedS * 1.3);
        Assert.True(cold.ElapsedS < 0.6, $"the cold run took {cold.ElapsedS:F2} s: the check above could not tell");
        Assert.Contains("warmup=0.3", warm.RunId);
    }
}

/// <summary>tornbench run --rate (pgbench -R): Poisson arrivals, latency from each arrival.</summary>
public class RateTests
{
    private static RunResult Run(string rate, string dir)
    {
        var r = Tornbench.Run("run", "--strategy", "fpw", "--scale", "4", "--device", "sim-ssd", "--clients", "8", "--duration", "0.5",
            "--rate", rate, "--vacuum-every", "0", "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        return CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[^1];
    }

    [Fact]
    public void Below_capacity_the_offered_rate_is_served_and_above_it_latency_counts_the_queue()
    {
        string dir = Tornbench.TempDir();
        var light = Run("2000", dir);
        var flood = Run("100000", dir);
        Assert.InRange(light.Tps, 1800, 2200);
        Assert.Equal(2000, light.RateTps);
        Assert.True(flood.Tps < 50000, $"{flood.Tps:F0} tps: the simulated engine cannot serve 100000");
        // Arrivals queue behind busy clients: latency counted from arrival grows far past the light load's.
        Assert.True(flood.LatencyP99Ms > 20 * light.LatencyP99Ms, $"p99 {flood.LatencyP99Ms:F2} ms flooded, {light.LatencyP99Ms:F2} ms light");
    }

    [Fact]
    public void A_rate_on_a_device_without_time_is_one_line_and_exit_2()
    {
        var r = Tornbench.Run("run", "--rate", "100", "--device", "sim", "--out", Tornbench.TempDir());
        Assert.Equal(2, r.Exit);
        Assert.Contains("--rate needs a device with time", r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
