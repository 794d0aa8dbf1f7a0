using System.Text;
using TornPages.Harness.Reports;
using TornPages.Harness.Trials;

namespace TornPages.Harness.Tests.Reports;

public class FaultMatrixTests
{
    private static CrashSummary Row(string strategy, string fault, int passed, int lost = 0, int torn = 0, int align = 0, string crashIn = "run", int sector = 512) => new()
    {
        Strategy = strategy, Fault = fault, Sector = sector, WalFlushAlign = align, CrashIn = crashIn,
        Trials = passed + lost + torn, Passed = passed, Failed = lost + torn, FailedLostCommit = lost, FailedTornPage = torn,
    };

    private static string Write(params CrashSummary[] rows)
    {
        var sb = new StringBuilder();
        FaultMatrix.Write(sb, rows);
        return sb.ToString();
    }

    [Fact]
    public void A_cell_sums_the_sector_sizes_and_names_each_reason_for_failure()
    {
        string md = Write(Row("fpw", "sector", 100), Row("fpw", "sector", 100, sector: 4096), Row("fpw", "garbage", 90, lost: 8, torn: 2));
        Assert.Contains("| fpw | 200/200 | **90/100** torn 2, lost 8 |", md);
    }

    [Fact]
    public void Conditions_are_columns_in_the_matrix_order_whatever_the_order_of_the_rows()
    {
        string md = Write(Row("fpw", "lying-flush", 0, lost: 10), Row("fpw", "garbage", 10, align: 512), Row("fpw", "sector", 10));
        Assert.Contains("| strategy | sector | garbage + aligned WAL | lying-flush |", md);
    }

    [Fact]
    public void A_condition_every_strategy_fails_is_said_with_the_strategies_the_aligned_WAL_rescues()
    {
        string md = Write(
            Row("fpw", "garbage", 9, lost: 1), Row("fpw", "garbage", 10, align: 512),
            Row("lp-logged", "garbage", 8, lost: 2), Row("lp-logged", "garbage", 9, torn: 1, align: 512));
        Assert.Contains("No strategy survives **garbage**: each relies on what it breaks; with the WAL aligned, fpw pass.", md);
        Assert.Contains("- **lp-logged**: protects under no condition tried; fails under garbage, garbage + aligned WAL.", md);
    }

    [Fact]
    public void A_condition_some_strategy_survives_is_not_said_to_defeat_all()
    {
        string md = Write(Row("none", "byte-tear", 1, torn: 9), Row("fpw", "byte-tear", 10));
        Assert.DoesNotContain("No strategy survives", md);
        Assert.Contains("- **fpw**: protects under byte-tear.", md);
    }
}
