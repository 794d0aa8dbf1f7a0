using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TornPages.Harness.Reports.Summary;
using TornPages.Harness.Tests.Cli;

namespace TornPages.Harness.Tests.Reports;

/// <summary>summary.json: what the README documents, and the numbers report.md shows.</summary>
[Collection("sweeps")]
public class SummaryTests(SweepFixture sweeps)
{
    /// <summary>The README's field table: its first column, one JSON path a row.</summary>
    private static HashSet<string> DocumentedPaths()
    {
        string dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "README.md"))) dir = Path.GetDirectoryName(dir)!;
        Assert.True(dir != null, "README.md not found above the test binaries");
        string readme = File.ReadAllText(Path.Combine(dir!, "README.md"));
        int start = readme.IndexOf("### summary.json", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no summary.json section");
        string section = readme[start..];
        int end = section.IndexOf("\n#", 5, StringComparison.Ordinal);
        if (end > 0) section = section[..end];
        return Regex.Matches(section, @"^\| `([^`]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
    }

    /// <summary>Every leaf and object path in a JSON document, arrays as [], metric keys as &lt;metric&gt;.</summary>
    private static void Paths(JsonElement e, string path, HashSet<string> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    bool keyed = path.EndsWith(".metrics", StringComparison.Ordinal) || path.EndsWith(".vs_fpw", StringComparison.Ordinal);
                    string child = (path.Length == 0 ? "" : path + ".") + (keyed ? "<metric>" : p.Name);
                    into.Add(child);
                    Paths(p.Value, child, into);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Paths(item, path + "[]", into);
                break;
        }
    }

    [Fact]
    public void Summary_json_has_exactly_the_fields_the_readme_documents()
    {
        string dir = SweepFixture.Reported(sweeps.Full);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, SweepSummary.FileName)));
        var found = new HashSet<string>();
        Paths(doc.RootElement, "", found);
        var documented = DocumentedPaths();
        Assert.Empty(found.Except(documented).Order());
        Assert.Empty(documented.Except(found).Order());
        Assert.Equal(SweepSummary.FormatName, doc.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Summary_json_holds_the_medians_and_verdicts_report_md_shows()
    {
        string dir = SweepFixture.Reported(sweeps.Full);
        var summary = SweepSummary.Read(Path.Combine(dir, SweepSummary.FileName));
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Equal(4, summary.Configurations.Count);
        foreach (var c in summary.Configurations)
        foreach (var s in c.Strategies)
        {
            Assert.Equal(2, s.Seeds);
            var wal = s.Metrics["wal_bytes_per_txn"];
            Assert.True(wal.CiLower <= wal.Median && wal.Median <= wal.CiUpper, $"{s.Strategy}: median outside its interval");
            string row = string.Create(CultureInfo.InvariantCulture, $"| {s.Strategy} | {c.CheckpointEvery} | {wal.Median:F0}");
            Assert.Contains(row, report);
            if (s.Strategy == "fpw") Assert.Null(s.VsFpw);
            else
            {
                var d = s.VsFpw!["wal_bytes_per_txn"];
                string verdict = string.Create(CultureInfo.InvariantCulture, $"| {c.Dist} | {c.CheckpointEvery} | {s.Strategy} | {d.Ratio:F2}x | ");
                Assert.Contains(verdict, report);
            }
        }
        // fpw writes page images, none does not: two seeds must show it under uniform access (under
        // zipfian the seeds' fpw volumes spread too far for two of them to show anything).
        Assert.All(summary.Configurations.Where(c => c.Dist == "uniform"), c => Assert.True(c.Strategies.Single(s => s.Strategy == "none").VsFpw!["wal_bytes_per_txn"].Significant));
        Assert.Equal(5, summary.Crash.Count);
        Assert.True(summary.Crash.Single(x => x.Strategy == "none").FailedTornPage > 0, "the unprotected baseline never tore");
    }
}
