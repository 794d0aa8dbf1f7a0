using TornPages.Harness.Tests.Cli;

namespace TornPages.Harness.Tests.Reports;

/// <summary>Small simulated sweeps, run once for all the report tests: one with crash trials, one on a slower device without them.</summary>
public sealed class SweepFixture
{
    public const string Strategies = """["none", "fpw", "dwb-small", "shadow-8k", "lp-logged"]""";

    /// <summary>Two distributions, two intervals, one and four clients, two seeds, crash trials.</summary>
    public string Full { get; } = Sweep($$"""
        { "label": "full", "strategies": {{Strategies}}, "dists": ["uniform", "zipfian:1.1"],
          "checkpointEvery": [100, 400], "devices": ["sim-ssd"], "clients": [1, 4], "seeds": 2, "txns": 400, "timeseriesEvery": 50,
          "crash": { "trials": 4, "sectors": [512] } }
        """);

    /// <summary>The same seeds on the simulated HDD (so the same WAL), one distribution, no crash trials.</summary>
    public string Hdd { get; } = Sweep($$"""
        { "label": "hdd", "strategies": {{Strategies}}, "dists": ["uniform"],
          "checkpointEvery": [100, 400], "devices": ["sim-hdd"], "seeds": 2, "txns": 400 }
        """);

    public static string Sweep(string matrixJson)
    {
        string root = Tornbench.TempDir();
        string matrix = Path.Combine(root, "m.json");
        File.WriteAllText(matrix, matrixJson);
        var r = Tornbench.Run("sweep", "--matrix", matrix, "--out", root);
        Assert.True(r.Exit == 0, r.Err);
        return r.Out.Split('\n').Single(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();
    }

    /// <summary>A copy of <paramref name="sweep"/> with its report written (tornbench report, exit 0, nothing on stderr).</summary>
    public static string Reported(string sweep)
    {
        string dir = Copy(sweep);
        var r = Tornbench.Run("report", dir);
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal("", r.Err);
        return dir;
    }

    /// <summary>A copy of a sweep directory, so a test can report on it without racing another.</summary>
    public static string Copy(string dir)
    {
        string copy = Path.Combine(Tornbench.TempDir(), Path.GetFileName(dir));
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(dir)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        return copy;
    }
}

[CollectionDefinition("sweeps")]
public sealed class SweepCollection : ICollectionFixture<SweepFixture>;
