using TornPages.Harness.Tests.Cli;

namespace TornPages.Harness.Tests.Reports;

/// <summary>tornbench compare: two sweeps side by side.</summary>
[Collection("sweeps")]
public class CompareTests(SweepFixture sweeps)
{
    [Fact]
    public void A_slower_device_shows_as_lower_tps_that_the_seeds_confirm_and_the_same_wal()
    {
        string outDir = Path.Combine(Tornbench.TempDir(), "cmp");
        var r = Tornbench.Run("compare", sweeps.Full, sweeps.Hdd, "--out", outDir);
        Assert.True(r.Exit == 0, r.Err);
        string md = File.ReadAllText(Path.Combine(outDir, "compare.md"));
        Assert.Contains("Only in A (not compared): zipfian:1.1/100/none", md);
        var rows = md.Split('\n').Where(l => l.StartsWith("| uniform |", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, rows.Count);
        foreach (var row in rows)
        {
            var cells = row.Split('|').Select(c => c.Trim()).ToList();
            // | dist | ckpt | strategy | seeds | tps A | tps B/A | wal A | wal B/A | ...
            Assert.Equal("2/2", cells[4]);
            double tpsRatio = double.Parse(cells[6].TrimEnd('*').TrimEnd('x'), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(tpsRatio < 0.5, $"{cells[3]}: the HDD's tps is {tpsRatio} of the SSD's");
            Assert.EndsWith("*", cells[6]);
            // The same WAL within a few percent: autovacuum's naptime follows the device's clock, so the
            // slower device's longer run vacuums at other moments.
            double walRatio = double.Parse(cells[8].TrimEnd('*').TrimEnd('x'), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(walRatio, 0.97, 1.03);
        }
        foreach (var ext in new[] { "png", "svg", "csv" })
            Assert.True(File.Exists(Path.Combine(outDir, "charts", "compare_ratios." + ext)), $"compare_ratios.{ext} missing");
        Assert.Contains("charts/compare_ratios.png", md);
        Assert.Contains(md.Trim(), r.Out);
    }

    [Fact]
    public void Compare_never_writes_over_an_earlier_comparison()
    {
        string outDir = Tornbench.TempDir();
        File.WriteAllText(Path.Combine(outDir, "compare.md"), "earlier");
        var r = Tornbench.Run("compare", sweeps.Full, sweeps.Hdd, "--out", outDir);
        Assert.Equal(2, r.Exit);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("exists and is not empty", r.Err);
        Assert.Equal("earlier", File.ReadAllText(Path.Combine(outDir, "compare.md")));
    }

    [Fact]
    public void Compare_with_a_directory_that_is_not_a_sweep_is_one_line_and_exit_2()
    {
        var r = Tornbench.Run("compare", sweeps.Full, Tornbench.TempDir());
        Assert.Equal(2, r.Exit);
        Assert.Contains("holds no runs.csv", r.Err);
    }
}
