using System.Globalization;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Sweeps;

namespace TornPages.Harness.Tests.Cli;

/// <summary>wal_records.csv (the WAL of each run by record type) and <c>tornbench waldump</c>.</summary>
public class WalRecordsTests
{
    [Fact]
    public void Each_runs_wal_records_rows_sum_to_its_runs_csv_totals()
    {
        string root = Tornbench.TempDir(), matrix = Path.Combine(Tornbench.TempDir(), "m.json");
        File.WriteAllText(matrix, """
            { "label": "w", "strategies": ["none", "fpw", "lp-logged"], "dists": ["uniform", "zipfian:1.1"],
              "checkpointEvery": [150], "devices": ["sim"], "seeds": 1, "txns": 600, "vacuumEvery": 200 }
            """);
        var r = Tornbench.Run("sweep", "--matrix", matrix, "--out", root, "--probe-writes", "0");
        Assert.True(r.Exit == 0, r.Err);
        string dir = r.Out.Split('\n').Single(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();
        var runs = CsvAppender.Read<RunResult>(Path.Combine(dir, SweepDirectory.Runs));
        var rows = CsvAppender.Read<WalRecordRow>(Path.Combine(dir, SweepDirectory.WalRecords)).ToLookup(w => w.RunId);
        Assert.Equal(6, runs.Count);
        foreach (var run in runs)
        {
            var mine = rows[run.RunId].ToList();
            Assert.Equal(run.WalRecordBytes, mine.Sum(w => w.RecordBytes));
            Assert.Equal(run.WalFpiBytes, mine.Sum(w => w.FpiBytes));
            Assert.Equal(run.WalFpiCount, mine.Sum(w => w.FpiCount));
            Assert.Equal(run.WalRecords, mine.Sum(w => w.Count));
            Assert.Equal(run.Txns, mine.Single(w => w.RecordType == "Transaction/COMMIT").Count);
            // Vacuum every 200 transactions: its records are there, and counted apart from the rest.
            Assert.Contains(mine, w => w.RecordType == "Heap2/VACUUM" && w.Count > 0);
        }
        Assert.All(rows.Where(g => g.Key.StartsWith("none|", StringComparison.Ordinal)).SelectMany(g => g), w => Assert.Equal(0, w.FpiBytes));
    }

    [Fact]
    public void Waldump_stats_on_a_run_directory_counts_the_records_the_run_counted()
    {
        string db = Path.Combine(Tornbench.TempDir(), "db"), outDir = Tornbench.TempDir();
        var run = Tornbench.Run("run", "--strategy", "fpw", "--device", "file:" + db, "--txns", "300", "--checkpoint-every", "100", "--out", outDir);
        Assert.True(run.Exit == 0, run.Err);
        var expected = CsvAppender.Read<WalRecordRow>(Path.Combine(outDir, "wal_records.csv")).ToDictionary(w => w.RecordType);

        var dump = Tornbench.Run("waldump", "--stats", db);
        Assert.True(dump.Exit == 0, dump.Err);
        // Columns without the shares in brackets: type, N, record size, FPI size, combined size.
        var table = dump.Out.Split('\n').Select(Fields).Where(f => f.Length > 0 && f[0].Contains('/')).ToDictionary(f => f[0]);
        // The load logs nothing but its checkpoint (and the running transactions before it), so every
        // other type matches the run's figures exactly.
        string[] checkpointTypes = ["XLOG/CHECKPOINT_ONLINE", "Standby/RUNNING_XACTS"];
        foreach (var (type, w) in expected.Where(kv => !checkpointTypes.Contains(kv.Key)))
        {
            Assert.True(table.ContainsKey(type), $"{type} missing from:\n{dump.Out}");
            var f = table[type];
            Assert.Equal((w.Count, w.RecordBytes, w.FpiBytes), (Long(f[1]), Long(f[2]), Long(f[3])));
        }
        Assert.Equal(300, Long(table["Transaction/COMMIT"][1]));
        foreach (var type in checkpointTypes)
            Assert.Equal((expected.TryGetValue(type, out var w) ? w.Count : 0) + 1, Long(table[type][1]));

        // Without --stats: one line per record, as many as the table's total.
        var list = Tornbench.Run("waldump", db);
        long total = Long(Fields(dump.Out.Split('\n').Single(l => l.StartsWith("Total", StringComparison.Ordinal)))[1]);
        Assert.Equal(total, list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Waldump_on_a_directory_without_wal_is_one_line_error()
    {
        string empty = Tornbench.TempDir();
        var r = Tornbench.Run("waldump", "--stats", empty);
        Assert.Equal(2, r.Exit);
        Assert.Equal("tornbench: no WAL segment (wal_*) in the directory", r.Err.Trim());
        var missing = Tornbench.Run("waldump", Path.Combine(empty, "nope"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("no database directory", missing.Err);
    }

    private static string[] Fields(string line) =>
        System.Text.RegularExpressions.Regex.Replace(line, @"[(\[][^)\]]*[)\]]", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);
}
