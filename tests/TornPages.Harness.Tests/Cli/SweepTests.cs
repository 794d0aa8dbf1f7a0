using System.Diagnostics;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Sweeps;

namespace TornPages.Harness.Tests.Cli;

public class SweepTests
{
    private const string SmallMatrix = """
        {
          "label": "t",
          "strategies": ["none", "fpw", "dwb-small"],
          "dists": ["uniform", "zipfian:1.1"],
          "checkpointEvery": [100, 400],
          "devices": ["sim", "sim-hdd"],
          "seeds": 2,
          "txns": 400,
          "timeseriesEvery": 50,
          "crash": { "trials": 5, "sectors": [512] }
        }
        """;

    private static string MatrixFile(string text = SmallMatrix)
    {
        string path = Path.Combine(Tornbench.TempDir(), "matrix.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static string ResultsDir(string output) =>
        output.Split('\n').Single(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();

    private static List<RunResult> Runs(string dir) => CsvAppender.Read<RunResult>(Path.Combine(dir, SweepDirectory.Runs));

    [Fact]
    public void A_second_sweep_with_the_same_label_goes_to_a_new_directory()
    {
        string root = Tornbench.TempDir(), matrix = MatrixFile();
        var a = Tornbench.Run("sweep", "--matrix", matrix, "--out", root);
        var b = Tornbench.Run("sweep", "--matrix", matrix, "--out", root);
        Assert.True(a.Exit == 0 && b.Exit == 0, a.Err + b.Err);
        string da = ResultsDir(a.Out), db = ResultsDir(b.Out);
        Assert.NotEqual(da, db);
        Assert.Equal(48, Runs(da).Count);
        Assert.Equal(48, Runs(db).Count);
        foreach (var f in new[] { "runs.csv", "timeseries.csv", "crash.csv", "meta.json", "matrix.json" })
            Assert.True(File.Exists(Path.Combine(da, f)), f);
        Assert.Equal(48 * 8, CsvAppender.Read<TimeseriesPoint>(Path.Combine(da, SweepDirectory.Timeseries)).Count);
        Assert.Contains(Runs(da), r => r.TimeBasis == "simulated" && r.Device == "sim-hdd");
        // Its log (output not a terminal) numbers every step and says how long the sweep has run.
        var steps = a.Out.Split('\n').Where(l => l.StartsWith('[')).ToList();
        Assert.Equal(48 + 3, steps.Count);
        Assert.All(steps, l => Assert.Matches(@"^\[\d+/51, \d+:[0-5]\d\] \S", l));
        Assert.StartsWith("[1/51, 0:0", steps[0]);
    }

    [Fact]
    public void A_sweep_killed_midway_completes_with_resume_and_no_duplicate_rows()
    {
        string root = Tornbench.TempDir(), matrix = MatrixFile();
        using (var p = Process.Start(Tornbench.StartInfo("sweep", "--matrix", matrix, "--out", root))!)
        {
            string? line;
            int steps = 0;
            while ((line = p.StandardOutput.ReadLine()) != null)
                if (line.StartsWith('[') && ++steps == 20) break;
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        string dir = Directory.GetDirectories(Directory.GetDirectories(root).Single()).Single();
        int before = File.Exists(Path.Combine(dir, SweepDirectory.Runs)) ? Runs(dir).Count : 0;
        Assert.InRange(before, 1, 47);
        var r = Tornbench.Run("sweep", "--resume", dir);
        Assert.True(r.Exit == 0, r.Err);
        var runs = Runs(dir);
        Assert.Equal(48, runs.Count);
        Assert.Equal(48, runs.Select(x => x.RunId).Distinct().Count());
        var series = CsvAppender.Read<TimeseriesPoint>(Path.Combine(dir, SweepDirectory.Timeseries));
        Assert.Equal(series.Count, series.Select(t => (t.RunId, t.Txn)).Distinct().Count());
        Assert.Equal(48 * 8, series.Count);
    }

    [Fact]
    public void A_resumed_sweep_whose_results_have_other_columns_is_refused_before_any_run()
    {
        var first = Tornbench.Run("sweep", "--matrix", MatrixFile("{ \"strategies\": [\"none\"], \"txns\": 100 }"), "--out", Tornbench.TempDir());
        Assert.True(first.Exit == 0, first.Err);
        string dir = ResultsDir(first.Out), runs = Path.Combine(dir, SweepDirectory.Runs);
        File.WriteAllText(runs, "strategy,tps\nnone,100\n");
        File.Delete(Path.Combine(dir, SweepDirectory.WalRecords));
        var r = Tornbench.Run("sweep", "--resume", dir);
        Tests.Cli.BadInputTests.AssertOneLineError(r, "runs.csv has other columns");
        Assert.Equal("strategy,tps\nnone,100\n", File.ReadAllText(runs));
        Assert.False(File.Exists(Path.Combine(dir, SweepDirectory.WalRecords)));
    }

    [Fact]
    public void Two_shards_merged_hold_the_same_configurations_as_the_whole_sweep()
    {
        string root = Tornbench.TempDir(), matrix = MatrixFile();
        var whole = Tornbench.Run("sweep", "--matrix", matrix, "--out", root, "--label", "whole");
        var s1 = Tornbench.Run("sweep", "--matrix", matrix, "--out", root, "--label", "s1", "--shard", "1/2");
        var s2 = Tornbench.Run("sweep", "--matrix", matrix, "--out", root, "--label", "s2", "--shard", "2/2");
        Assert.True(whole.Exit == 0 && s1.Exit == 0 && s2.Exit == 0, whole.Err + s1.Err + s2.Err);
        var part1 = Runs(ResultsDir(s1.Out)).Select(r => r.RunId).ToList();
        var part2 = Runs(ResultsDir(s2.Out)).Select(r => r.RunId).ToList();
        Assert.Empty(part1.Intersect(part2));
        string merged = Path.Combine(root, "merged");
        var m = Tornbench.Run("merge", merged, ResultsDir(s1.Out), ResultsDir(s2.Out));
        Assert.True(m.Exit == 0, m.Err);
        var expected = Runs(ResultsDir(whole.Out)).Select(r => r.RunId).Order().ToList();
        Assert.Equal(expected, Runs(merged).Select(r => r.RunId).Order().ToList());
        // Simulated counts are deterministic: the merged rows equal the whole sweep's.
        var wholeWal = Runs(ResultsDir(whole.Out)).ToDictionary(r => r.RunId, r => r.WalBytes);
        Assert.All(Runs(merged), r => Assert.Equal(wholeWal[r.RunId], r.WalBytes));
        Assert.Equal(3, CsvAppender.Read<TornPages.Harness.Trials.CrashSummary>(Path.Combine(merged, SweepDirectory.Crash)).Count);
    }

    [Theory]
    [InlineData("{ \"strategies\": [\"fpw\"], \"txns\": \"many\" }", "not valid")]
    [InlineData("{ \"strategies\": [\"fpw\"], \"colour\": 3 }", "not valid")]
    [InlineData("{ \"strategies\": [\"magic\"] }", "unknown strategy")]
    [InlineData("{ \"strategies\": [\"fpw\"], \"dists\": [\"zipfian:0.5\"] }", "zipfian parameter")]
    [InlineData("[1, 2", "not valid")]
    [InlineData("{ \"strategies\": [\"fpw\"], \"buffers\": [1024, 300000] }", "buffers must be between 16 and 262143")]
    [InlineData("{ \"strategies\": [\"fpw\"], \"simCpus\": 0 }", "simCpus must be between 1 and 1024")]
    [InlineData("{ \"strategies\": [\"fpw\"], \"simCpuUs\": -1 }", "simCpuUs must be between 0 and 1000000")]
    public void A_malformed_matrix_file_is_one_line_and_no_results_directory(string text, string expected)
    {
        string root = Tornbench.TempDir();
        var r = Tornbench.Run("sweep", "--matrix", MatrixFile(text), "--out", root);
        Assert.Equal(2, r.Exit);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void A_matrix_on_a_simulated_server_of_several_cores_runs_there_and_names_them_in_its_run_ids()
    {
        var matrix = new SweepMatrix { Strategies = ["fpw"], Devices = ["sim-nvme-plp"], Clients = [4], SimCpus = 4 };
        var one = Assert.Single(matrix.Expand());
        Assert.Equal(4, one.SimCpus);
        Assert.Contains("|cpus=4|", one.Id);
        Assert.DoesNotContain("cpus=", (matrix with { SimCpus = 1 }).Expand()[0].Id);
        var row = BenchmarkRun.Execute(one with { Transactions = 200 }, new Storage.SimulatedDevice(cost: Storage.DeviceProfiles.NvmePlp));
        Assert.Equal((4, 5.0), (row.SimCpus, row.SimCpuUs));
    }

    [Fact]
    public void A_matrix_charges_the_cpu_per_statement_it_names_and_names_it_in_its_run_ids()
    {
        var matrix = new SweepMatrix { Strategies = ["fpw"], Devices = ["sim-nvme-plp"], SimCpuUs = 40 };
        var one = Assert.Single(matrix.Expand());
        Assert.Contains("|cpu_us=40|", one.Id);
        Assert.DoesNotContain("cpu_us=", new SweepMatrix { Strategies = ["fpw"] }.Expand()[0].Id);
        var slow = BenchmarkRun.Execute(one with { Transactions = 200 }, new Storage.SimulatedDevice(cost: Storage.DeviceProfiles.NvmePlp));
        var fast = BenchmarkRun.Execute(one with { Transactions = 200, SimCpuPerStatementSeconds = 5e-6 }, new Storage.SimulatedDevice(cost: Storage.DeviceProfiles.NvmePlp));
        Assert.Equal(40.0, slow.SimCpuUs);
        Assert.True(slow.Tps < fast.Tps, $"{slow.Tps} tps at 40 µs a statement against {fast.Tps} at 5");
    }

    [Fact]
    public void An_unknown_preset_is_one_line_and_no_results_directory()
    {
        string root = Tornbench.TempDir();
        var r = Tornbench.Run("sweep", "--preset", "huge", "--out", root);
        Assert.Equal(2, r.Exit);
        Assert.Contains("unknown preset 'huge'", r.Err);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }
}
