using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Trials;

/// <summary>The strategy x fault matrix, small: each fault model bites where the README says it does, and only there.</summary>
public class FaultModelTrialTests
{
    private static List<TrialResult> Trials(string strategy, FaultModel fault, int n, int align = 0, CrashPhase phase = CrashPhase.Run) =>
        new CrashTrialRunner(new CrashTrialConfig(strategy, n, 1, new CrashModel(512, Fault: fault), CrashTrialConfig.SmallScale)
        {
            WalFlushAlign = align,
            CrashIn = phase,
        }).Run().ToList();

    private static void AllPass(List<TrialResult> results)
    {
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} of {results.Count} failed, first: {failed[0]}");
    }

    [Fact]
    public void Under_garbage_a_WAL_page_rewritten_at_each_commit_loses_acknowledged_commits()
    {
        // Lost outright, or caught by recovery as durable WAL that is damaged: either way not protected.
        var results = Trials("fpw", FaultModel.Garbage, 80);
        Assert.Contains(results, r => r.Verdict.Outcome == TrialOutcome.LostCommit);
        Assert.Contains(results, r => r.Verdict.Outcome == TrialOutcome.RecoveryError && r.Verdict.Detail.Contains("durable WAL is damaged"));
    }

    [Theory]
    [InlineData("fpw")]
    [InlineData("dwb-small")]
    [InlineData("shadow-8k")]
    public void Under_garbage_a_WAL_flushed_to_sector_boundaries_keeps_every_acknowledged_commit(string strategy)
    {
        AllPass(Trials(strategy, FaultModel.Garbage, 60, align: 512));
    }

    [Theory]
    [InlineData("dwb-small")]
    [InlineData("lp-logged")]
    public void Byte_tears_are_caught_by_checksums_for_a_protecting_strategy(string strategy)
    {
        // lp-logged's trial 205 of 300 once read a WAL page header torn inside its sector as a claim of durable WAL.
        AllPass(Trials(strategy, FaultModel.ByteTear, 40));
    }

    [Fact]
    public void Byte_tears_tear_the_unprotected_baseline()
    {
        Assert.Contains(Trials("none", FaultModel.ByteTear, 40), r => r.Verdict.Outcome == TrialOutcome.TornPage);
    }

    [Fact]
    public void A_lying_flush_defeats_even_full_page_writes()
    {
        Assert.Contains(Trials("fpw", FaultModel.LyingFlush, 30), r => !r.Verdict.Passed);
    }

    [Fact]
    public void Trials_come_out_the_same_whatever_the_number_run_at_once()
    {
        var config = new CrashTrialConfig("lp-logged", 40, 3, new CrashModel(512, Fault: FaultModel.Garbage), CrashTrialConfig.SmallScale);
        var one = new CrashTrialRunner(config).Run(1).ToList();
        var four = new CrashTrialRunner(config).Run(4).ToList();
        Assert.Equal(one.Select(r => (r.Trial, r.CrashCall, r.Acknowledged, r.Verdict.Outcome, r.Verdict.Detail)),
            four.Select(r => (r.Trial, r.CrashCall, r.Acknowledged, r.Verdict.Outcome, r.Verdict.Detail)));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("dwb-small")]
    [InlineData("shadow-8k")]
    public void A_crash_during_the_load_ends_in_no_database_or_the_whole_load(string strategy)
    {
        var runner = new CrashTrialRunner(new CrashTrialConfig(strategy, 30, 1, new CrashModel(512), CrashTrialConfig.SmallScale) { CrashIn = CrashPhase.Load });
        var results = runner.Run().ToList();
        AllPass(results);
        Assert.Contains(results, r => r.Verdict.Detail.Contains("the load never finished"));
        // After the load's last call (the control file's sync) the database exists, whole, with no transaction.
        var last = runner.RunLoadTrial(30, runner.CallsPerLoad, CrashTiming.After, 99);
        Assert.True(last.Verdict.Passed, last.ToString());
        Assert.StartsWith("state equals the first 0 commits", last.Verdict.Detail);
    }

    [Theory]
    [InlineData("fpw")]
    [InlineData("dwb-large")]
    [InlineData("shadow-64m")]
    public void Crashes_during_recovery_leave_a_protecting_strategy_whole(string strategy)
    {
        var results = Trials(strategy, FaultModel.Sector, 30, phase: CrashPhase.Recovery);
        Assert.All(results, r => Assert.InRange(r.RecoveryCrashes, 1, 3));
        AllPass(results);
    }
}
