using System.Globalization;
using System.Text;
using TornPages.Harness.Trials;
using TornPages.Storage;

namespace TornPages.Harness.Reports;

/// <summary>
/// The strategy x fault table of the report: a row per strategy (and atomic-unit baseline), a column
/// per crash condition, each cell the trials passed and the failures by reason, summed over the
/// sector sizes, clients and distributions tried; then, read off the table, what each strategy rests on.
/// </summary>
public static class FaultMatrix
{
    public static void Write(StringBuilder sb, IReadOnlyList<CrashSummary> rows)
    {
        if (rows.Count == 0) return;
        var columns = ColumnOrder(rows);
        var ambiguous = rows.GroupBy(r => r.Strategy).Where(g => g.Select(r => r.StrategyParams).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
        var table = rows.GroupBy(r => RowLabel(r, ambiguous.Contains(r.Strategy))).ToList();
        sb.AppendLine("### Strategy x fault model");
        sb.AppendLine();
        sb.AppendLine("Trials passed of trials run; failures by reason (torn page, lost commit, wrong data, recovery error). Summed over every sector size tried.");
        sb.AppendLine();
        sb.AppendLine("| strategy | " + string.Join(" | ", columns) + " |");
        sb.AppendLine("|---|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in table)
            sb.AppendLine($"| {row.Key} | " + string.Join(" | ", columns.Select(c => Cell(row.Where(r => r.Condition() == c).ToList()))) + " |");
        sb.AppendLine();
        sb.AppendLine("What each strategy rests on, read off the table:");
        sb.AppendLine();
        foreach (var row in table)
        {
            var failed = columns.Where(c => row.Any(r => r.Condition() == c && r.Failed > 0)).ToList();
            var passed = columns.Where(c => row.Any(r => r.Condition() == c) && !failed.Contains(c)).ToList();
            sb.AppendLine($"- **{row.Key}**: " + (passed.Count > 0 ? "protects under " + string.Join(", ", passed) : "protects under no condition tried") +
                          (failed.Count > 0 ? "; fails under " + string.Join(", ", failed) : "") + ".");
        }
        foreach (var c in columns.Where(c => table.All(row => row.Any(r => r.Condition() == c && r.Failed > 0))))
        {
            // The remedy's column, when the table has it: the same condition with the WAL aligned.
            string aligned = c + CrashCondition.AlignedSuffix;
            var rescued = table.Where(row => row.Any(r => r.Condition() == aligned) && !row.Any(r => r.Condition() == aligned && r.Failed > 0)).Select(row => row.Key).ToList();
            sb.AppendLine($"- No strategy survives **{c}**: each relies on what it breaks" +
                          (rescued.Count > 0 ? $"; with the WAL aligned, {string.Join(", ", rescued)} pass." : "."));
        }
        sb.AppendLine();
        sb.AppendLine("The fault models:");
        sb.AppendLine();
        foreach (var f in Enum.GetValues<FaultModel>().Where(f => columns.Any(c => c.StartsWith(f.Name(), StringComparison.Ordinal))))
            sb.AppendLine($"- **{f.Name()}**: {f.Meaning()}.");
        if (columns.Any(c => c.Contains(CrashCondition.AlignedSuffix, StringComparison.Ordinal)))
            sb.AppendLine("- **+ aligned WAL**: each WAL flush is padded to a sector boundary (a NOOP record), so no later write touches a sector that holds acknowledged commits.");
        if (columns.Any(c => c.Contains("crashes in recovery", StringComparison.Ordinal)))
            sb.AppendLine("- **+ crashes in recovery**: after the crash in the run, one to three more crashes at random device calls of recovery itself, then a recovery that runs to the end.");
        if (columns.Any(c => c.Contains("crash in load", StringComparison.Ordinal)))
            sb.AppendLine("- **+ crash in load**: the crash falls while the database is created and loaded; passing means recovery says the load never finished, or opens the whole load.");
        sb.AppendLine();
    }

    private static string RowLabel(CrashSummary r, bool withParams) =>
        r.Strategy + (withParams && r.StrategyParams.Length > 0 ? $" ({r.StrategyParams})" : "") + (r.AtomicUnit > 0 ? $" (atomic {r.AtomicUnit} B writes)" : "");

    /// <summary>The conditions present: the sector model first, then the matrix's order, then any other.</summary>
    private static List<string> ColumnOrder(IReadOnlyList<CrashSummary> rows)
    {
        var known = new[] { CrashCondition.Default }.Concat(CrashCondition.Matrix)
            .Select(c => c.Label()).ToList();
        var present = rows.Select(r => r.Condition()).Distinct().ToList();
        return known.Where(present.Contains).Concat(present.Where(p => !known.Contains(p)).Order(StringComparer.Ordinal)).ToList();
    }

    private static string Cell(List<CrashSummary> rs)
    {
        if (rs.Count == 0) return "-";
        int trials = rs.Sum(r => r.Trials), passed = rs.Sum(r => r.Passed);
        if (passed == trials) return $"{passed}/{trials}";
        var reasons = new (string Name, int Count)[]
        {
            ("torn", rs.Sum(r => r.FailedTornPage)), ("lost", rs.Sum(r => r.FailedLostCommit)),
            ("wrong", rs.Sum(r => r.FailedWrongData)), ("error", rs.Sum(r => r.FailedRecoveryError)),
        };
        return string.Create(CultureInfo.InvariantCulture, $"**{passed}/{trials}** ") +
               string.Join(", ", reasons.Where(x => x.Count > 0).Select(x => $"{x.Name} {x.Count}"));
    }
}
