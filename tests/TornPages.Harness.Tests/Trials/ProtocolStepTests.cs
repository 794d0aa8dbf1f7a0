using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Trials;

/// <summary>
/// Crashes aimed at the steps of each protocol, found in the device trace of a crash-free run: the
/// random trials land on such steps too, these make sure each one is hit and survived.
/// </summary>
public class ProtocolStepTests
{
    private static CrashTrialRunner Runner(string strategy, double completionTarget = TornPages.Harness.Runs.CheckpointDefaults.CompletionTarget) =>
        new(new CrashTrialConfig(strategy, 1, 3, new CrashModel(512), CrashTrialConfig.SmallScale, CheckpointCompletionTarget: completionTarget));

    /// <summary>Calls <c>c</c> of the trace with <paramref name="first"/>(c) and <paramref name="then"/>(the call after c).</summary>
    private static List<long> Between(IReadOnlyList<DeviceCall> trace, Func<DeviceCall, bool> first, Func<DeviceCall, bool> then) =>
        trace.Zip(trace.Skip(1)).Where(p => first(p.First) && then(p.Second)).Select(p => p.First.Number).ToList();

    private static List<TrialResult> CrashAfterEach(CrashTrialRunner runner, List<long> calls, int most = 8)
    {
        var picked = calls.Where((_, i) => i % Math.Max(1, calls.Count / most) == 0).Take(most).ToList();
        return picked.Select((call, i) => runner.RunTrial(i, call, CrashTiming.After, 100 + i)).ToList();
    }

    private static void AllPass(List<TrialResult> results)
    {
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} failed, first: {failed[0]}");
    }

    [Theory]
    [InlineData("dwb-small", "dwb_small")]
    [InlineData("dwb-large", "dwb_large")]
    public void A_crash_between_the_double_write_sync_and_the_in_place_write_is_repaired_from_the_copy(string strategy, string file)
    {
        var runner = Runner(strategy);
        var trace = runner.TraceRun();
        var points = Between(trace, c => c.Op == DeviceOp.Sync && c.File == file, c => c.Op == DeviceOp.Write && c.File.StartsWith("rel_"));
        Assert.NotEmpty(points);
        var results = CrashAfterEach(runner, points);
        AllPass(results);
        Assert.Contains(results, r => r.PagesRestored > 0);
    }

    [Fact]
    public void A_crash_during_the_in_place_writes_of_a_double_write_batch_is_repaired_from_the_copy()
    {
        // An immediate checkpoint, so that a batch holds many pages (a spread one hands them over a few at a time).
        var runner = Runner("dwb-small", completionTarget: 0);
        var trace = runner.TraceRun();
        var points = Between(trace, c => c.Op == DeviceOp.Write && c.File.StartsWith("rel_"), c => c.Op == DeviceOp.Write && c.File.StartsWith("rel_"));
        Assert.NotEmpty(points);
        AllPass(CrashAfterEach(runner, points));
    }

    [Theory]
    [InlineData("shadow-8k")]
    [InlineData("shadow-64m")]
    public void A_crash_between_the_map_write_and_the_control_flip_recovers_from_the_previous_map(string strategy)
    {
        var runner = Runner(strategy);
        var trace = runner.TraceRun();
        var afterMapWrite = Between(trace, c => c.Op == DeviceOp.Write && c.File.StartsWith("map_"), c => c.Op == DeviceOp.Sync && c.File.StartsWith("map_"));
        var afterMapSync = Between(trace, c => c.Op == DeviceOp.Sync && c.File.StartsWith("map_"), c => c.File == "control");
        Assert.NotEmpty(afterMapWrite);
        Assert.NotEmpty(afterMapSync);
        AllPass(CrashAfterEach(runner, afterMapWrite.Concat(afterMapSync).ToList()));
    }

    [Fact]
    public void A_crash_while_full_page_images_are_being_written_to_data_files_is_repaired_from_the_wal()
    {
        var runner = Runner("fpw");
        var trace = runner.TraceRun();
        var points = Between(trace, c => c.Op == DeviceOp.Write && c.File.StartsWith("rel_"), c => c.Op == DeviceOp.Write && c.File.StartsWith("rel_"));
        var results = CrashAfterEach(runner, points);
        AllPass(results);
        Assert.Contains(results, r => r.ImagesRestored > 0);
    }
}
