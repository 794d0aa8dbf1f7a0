using TornPages.Engine.Checkpoints;

namespace TornPages.Harness.Tests.Cli;

public class BadInputTests
{
    internal static void AssertOneLineError((int Exit, string Out, string Err) r, string expected)
    {
        Assert.Equal(2, r.Exit);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Err}");
        Assert.StartsWith("tornbench: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Err);
    }

    /// <summary>Runs a command into a new results directory: one line, exit 2, and no <paramref name="results"/> file there.</summary>
    private static void AssertRefused(string results, string expected, params string[] args)
    {
        string dir = Tornbench.TempDir();
        AssertOneLineError(Tornbench.Run([.. args, "--out", dir]), expected);
        Assert.False(File.Exists(Path.Combine(dir, results)));
    }

    [Fact]
    public void An_unknown_strategy_is_one_line_and_no_results_file()
    {
        AssertRefused("runs.csv", "unknown strategy 'magic'", "run", "--strategy", "magic");
    }

    [Theory]
    [InlineData("runs.csv", "run --txns 200")]
    [InlineData("crash.csv", "crash --strategy fpw --trials 1")]
    public void A_results_file_with_other_columns_is_refused_before_anything_runs_and_nothing_in_the_directory_changes(string file, string command)
    {
        string dir = Tornbench.TempDir(), path = Path.Combine(dir, file);
        File.WriteAllText(path, "strategy,tps\nfpw,100\n");
        AssertOneLineError(Tornbench.Run([.. command.Split(' '), "--out", dir]), $"{file} has other columns than this version of tornbench writes");
        Assert.Equal("strategy,tps\nfpw,100\n", File.ReadAllText(path));
        // A run writes wal_records.csv before runs.csv once it is done: not for a run that cannot be recorded.
        Assert.Equal([file], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void No_clients_is_one_line_and_no_results_file()
    {
        AssertRefused("runs.csv", "--clients", "run", "--clients", "0");
    }

    [Theory]
    [InlineData("runs.csv", "run", "8", "buffers must be at least 16, not 8")]
    [InlineData("runs.csv", "run", "300000", "buffers must be at most 262143 with 8192-byte pages")]
    [InlineData("crash.csv", "crash", "300000", "buffers must be at most 262143 with 8192-byte pages")]
    public void A_buffer_pool_out_of_range_is_one_line_and_no_results_file(string results, string command, string buffers, string expected)
    {
        // 300000 frames are 2.4 GB: more than one array holds (this was an overflow's stack trace).
        AssertRefused(results, expected, command, "--strategy", "fpw", "--txns", "10", "--buffers", buffers);
    }

    [Theory]
    [InlineData("--sim-cpus", "0", "--sim-cpus must be between 1 and 1024")]
    [InlineData("--sim-cpu-us", "-1", "--sim-cpu-us must be between 0 and 1000000")]
    [InlineData("--sim-cpu-us", "1000000", "--sim-cpu-us must be between 0 and 1000000")]
    public void A_simulated_server_out_of_range_is_one_line_and_no_results_file(string flag, string value, string expected)
    {
        AssertRefused("runs.csv", expected, "run", "--device", "sim-nvme-plp", flag, value);
    }

    [Fact]
    public void A_zipfian_parameter_out_of_range_is_one_line() =>
        AssertOneLineError(Tornbench.Run("run", "--dist", "zipfian:0.5", "--out", Tornbench.TempDir()), "zipfian parameter");

    [Theory]
    [InlineData("1.5")]
    [InlineData("NaN")]
    public void A_persist_probability_outside_0_to_1_is_one_line_and_no_results_file(string p)
    {
        AssertRefused("crash.csv", "persist probability must be between 0 and 1", "crash", "--persist-probability", p, "--trials", "1");
    }

    [Theory]
    [InlineData("--fault", "cosmic-ray", "unknown fault model 'cosmic-ray'")]
    [InlineData("--wal-flush-align", "1000", "--wal-flush-align must be off, sector, 512 or 4096")]
    [InlineData("--crash-in", "startup", "--crash-in must be run, recovery or load")]
    public void A_crash_option_out_of_its_values_is_one_line_and_no_results_file(string option, string value, string message)
    {
        AssertRefused("crash.csv", message, "crash", option, value, "--trials", "1");
    }

    [Fact]
    public void An_unwritable_out_directory_is_one_line()
    {
        string file = Path.Combine(Tornbench.TempDir(), "a-file");
        File.WriteAllText(file, "x");
        AssertOneLineError(Tornbench.Run("run", "--txns", "10", "--out", Path.Combine(file, "results")), "cannot write results");
    }

    [Fact]
    public void A_simulated_run_larger_than_memory_is_refused_with_its_estimate_before_loading_anything()
    {
        // Loading scale 100000 (1.6 TB) could not finish: an exit with the estimate means it was refused first.
        AssertRefused("runs.csv", "needs about", "run", "--scale", "100000", "--device", "sim");
    }

    [Fact]
    public void An_unknown_option_is_one_line() =>
        AssertOneLineError(Tornbench.Run("run", "--frobnicate", "3"), "--frobnicate");

    [Fact]
    public void A_corrupted_control_file_is_one_line()
    {
        string db = Tornbench.TempDir();
        var ok = Tornbench.Run("run", "--device", "file:" + db, "--txns", "20", "--out", Tornbench.TempDir());
        Assert.True(ok.Exit == 0, ok.Err);
        string control = Path.Combine(db, ControlFile.FileName);
        var bytes = File.ReadAllBytes(control);
        bytes[20] ^= 0xFF;
        bytes[ControlFile.SlotSize + 20] ^= 0xFF;
        File.WriteAllBytes(control, bytes);
        AssertOneLineError(Tornbench.Run("verify", "--device", "file:" + db, "--txns", "20"), "control file is corrupt");
    }

    [Fact]
    public void Data_files_zeroed_are_one_line_not_a_hang()
    {
        // An all-zero page passes its checksum (a page never written), so recovery finishes; the
        // index's meta page is then zeros, and its descent (block 0 as root, right link 0) must not loop.
        string db = Tornbench.TempDir();
        var ok = Tornbench.Run("run", "--device", "file:" + db, "--txns", "50", "--out", Tornbench.TempDir());
        Assert.True(ok.Exit == 0, ok.Err);
        foreach (var f in Directory.GetFiles(db, "rel_*")) File.WriteAllBytes(f, new byte[new FileInfo(f).Length]);
        AssertOneLineError(Tornbench.Run("verify", "--device", "file:" + db, "--txns", "50"), "is not the index's meta page: the database is damaged");
    }

    [Fact]
    public void A_second_run_appends_its_row_and_keeps_the_first()
    {
        string dir = Tornbench.TempDir();
        Assert.Equal(0, Tornbench.Run("run", "--txns", "30", "--strategy", "none", "--out", dir).Exit);
        var first = File.ReadAllLines(Path.Combine(dir, "runs.csv"));
        Assert.Equal(0, Tornbench.Run("run", "--txns", "30", "--strategy", "fpw", "--out", dir).Exit);
        var both = File.ReadAllLines(Path.Combine(dir, "runs.csv"));
        Assert.Equal(3, both.Length);
        Assert.Equal(first, both[..2]);
        var rows = TornPages.Harness.Results.CsvAppender.Read<TornPages.Harness.Runs.RunResult>(Path.Combine(dir, "runs.csv"));
        Assert.Equal(["none", "fpw"], rows.Select(r => r.Strategy));
    }
}
