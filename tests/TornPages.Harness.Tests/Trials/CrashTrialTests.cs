using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Trials;

/// <summary>A small version of the crash matrix: enough trials to prove each claim in CI.</summary>
public class CrashTrialTests
{
    private static List<TrialResult> Trials(string strategy, int n, int sector = 512, int atomic = 0, int seed = 11, int clients = 1) =>
        new CrashTrialRunner(new CrashTrialConfig(strategy, n, seed, new CrashModel(sector, atomic), CrashTrialConfig.SmallScale, Clients: clients))
            .Run().ToList();

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void Without_partly_persisted_writes_the_unprotected_baseline_never_tears(double persist)
    {
        // A write tears only when some of its sectors reach the disk and others do not: with every
        // unsynced sector kept, or every one lost, `none` recovers from the WAL alone.
        var none = new CrashTrialRunner(new CrashTrialConfig("none", 40, 11, new CrashModel(512, 0, persist), CrashTrialConfig.SmallScale)
        {
            Distribution = KeyDistribution.Parse("zipfian:1.1"),
        }).Run().ToList();
        Assert.All(none, r => Assert.True(r.Verdict.Passed, r.ToString()));
        var half = Trials("none", 40);
        Assert.Contains(half, r => r.Verdict.Outcome == TrialOutcome.TornPage);
    }

    [Theory]
    [InlineData("fpw")]
    [InlineData("dwb-small")]
    [InlineData("dwb-large")]
    [InlineData("shadow-8k")]
    [InlineData("shadow-64m")]
    [InlineData("lp-logged")]
    public void With_four_clients_recovery_leaves_a_prefix_of_commit_order_holding_every_acknowledged_commit(string strategy)
    {
        // Crashes land with transactions waiting on row locks and on a group flush, their changes in
        // the buffer pool, in written pages and in WAL without a commit record.
        var results = Trials(strategy, 60, clients: 4);
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} failed, first: {failed[0]}");
        Assert.Contains(results, r => r.Acknowledged > 0);
    }

    [Fact]
    public void With_four_clients_and_no_protection_trials_still_end_in_torn_pages()
    {
        var results = Trials("none", 60, clients: 4);
        Assert.True(results.Count(r => r.Verdict.Outcome == TrialOutcome.TornPage) >= 6, "the trials with clients could not tell protection from none");
        Assert.DoesNotContain(results, r => r.Verdict.Outcome is TrialOutcome.LostCommit or TrialOutcome.RecoveryError);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public void Full_page_writes_pass_every_trial(int sector)
    {
        var results = Trials("fpw", 120, sector);
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} failed, first: {failed[0]}");
    }

    [Fact]
    public void Without_protection_a_visible_share_of_trials_ends_in_a_torn_page()
    {
        var results = Trials("none", 120);
        int torn = results.Count(r => r.Verdict.Outcome == TrialOutcome.TornPage);
        Assert.True(torn >= 12, $"only {torn} of 120 trials found a torn page: the trials could not tell protection from none");
        Assert.DoesNotContain(results, r => r.Verdict.Outcome is TrialOutcome.LostCommit or TrialOutcome.RecoveryError);
    }

    [Fact]
    public void Without_protection_every_trial_passes_when_page_writes_are_atomic()
    {
        var results = Trials("none", 120, atomic: 8192);
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} failed, first: {failed[0]}");
    }

    [Fact]
    public void Trials_crash_both_before_and_after_calls_all_along_the_run()
    {
        var runner = new CrashTrialRunner(new CrashTrialConfig("fpw", 200, 5, new CrashModel(), CrashTrialConfig.SmallScale));
        var results = runner.Run().ToList();
        Assert.Contains(results, r => r.Timing == CrashTiming.Before);
        Assert.Contains(results, r => r.Timing == CrashTiming.After);
        Assert.Contains(results, r => r.CrashCall < runner.CallsPerRun / 4);
        Assert.Contains(results, r => r.CrashCall > runner.CallsPerRun * 3 / 4);
        Assert.Contains(results, r => r.Acknowledged < 50);
    }
}
