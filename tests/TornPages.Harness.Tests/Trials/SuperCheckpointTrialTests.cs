using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Trials;

/// <summary>
/// fpw-super:4 under crash trials: three checkpoints a trial after the load's, so the redo point
/// moves past the images of the cycle and torn pages must be rebuilt from the WAL kept before it.
/// </summary>
public class SuperCheckpointTrialTests
{
    private static List<TrialResult> Trials(bool selectiveReplay) =>
        new CrashTrialRunner(new CrashTrialConfig("fpw-super:4", 150, 7, new CrashModel(512), CrashTrialConfig.SmallScale)
        {
            SelectiveReplay = selectiveReplay,
        }).Run().ToList();

    [Fact]
    public void Every_trial_passes_and_some_only_because_selective_replay_rebuilt_a_torn_page()
    {
        var results = Trials(selectiveReplay: true);
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} failed, first: {failed[0]}");
        Assert.Contains(results, r => r.PagesRepairedFromKeptWal > 0);
    }

    [Fact]
    public void With_selective_replay_disabled_the_same_trials_end_in_torn_pages()
    {
        var results = Trials(selectiveReplay: false);
        Assert.Contains(results, r => r.Verdict.Outcome == TrialOutcome.TornPage);
        Assert.All(results, r => Assert.Equal(0, r.PagesRepairedFromKeptWal));
    }
}

/// <summary>dwb-large:4: double-write copies kept across checkpoints, under crash trials.</summary>
public class RetainedCopyTrialTests
{
    private static List<TrialResult> Trials(bool selectiveReplay, CrashPhase crashIn, int n) =>
        new CrashTrialRunner(new CrashTrialConfig("dwb-large:4", n, 7, new CrashModel(512), CrashTrialConfig.SmallScale)
        {
            SelectiveReplay = selectiveReplay,
            CrashIn = crashIn,
        }).Run().ToList();

    [Fact]
    public void Every_trial_passes_with_crashes_in_the_run_and_in_recovery()
    {
        // Crashes in recovery found a page that an earlier recovery had restored from an old copy
        // and that the next one no longer restored (it matched the copy), so it was never brought forward.
        foreach (var phase in new[] { CrashPhase.Run, CrashPhase.Recovery })
        {
            var failed = Trials(selectiveReplay: true, phase, 80).Where(r => !r.Verdict.Passed).ToList();
            Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{phase}: {failed.Count} failed, first: {failed[0]}");
        }
    }

    [Fact]
    public void Without_the_kept_wal_trials_fail_when_a_copy_older_than_the_redo_point_is_restored()
    {
        var results = Trials(selectiveReplay: false, CrashPhase.Run, 150);
        Assert.Contains(results, r => !r.Verdict.Passed);
    }
}
