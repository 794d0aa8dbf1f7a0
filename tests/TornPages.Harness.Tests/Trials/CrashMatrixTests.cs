using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Trials;

/// <summary>The crash matrix of the README, smaller: every protecting strategy at both sector sizes.</summary>
public class CrashMatrixTests
{
    [Theory]
    [InlineData("dwb-small", 512)]
    [InlineData("dwb-small", 4096)]
    [InlineData("dwb-large", 512)]
    [InlineData("dwb-large", 4096)]
    [InlineData("shadow-8k", 512)]
    [InlineData("shadow-8k", 4096)]
    [InlineData("shadow-64m", 512)]
    [InlineData("shadow-64m", 4096)]
    [InlineData("lp-logged", 512)]
    [InlineData("lp-logged", 4096)]
    [InlineData("fpw:lz4", 512)]
    [InlineData("fpw:zstd", 4096)]
    public void A_protecting_strategy_passes_every_trial(string strategy, int sector)
    {
        var results = new CrashTrialRunner(new CrashTrialConfig(strategy, 60, 21, new CrashModel(sector), CrashTrialConfig.SmallScale)).Run().ToList();
        var failed = results.Where(r => !r.Verdict.Passed).ToList();
        Assert.True(failed.Count == 0, failed.Count == 0 ? "" : $"{failed.Count} of 60 failed, first: {failed[0]}");
    }
}
