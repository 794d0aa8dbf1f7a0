using TornPages.Harness.Reports;

namespace TornPages.Harness.Tests.Reports;

public class StatisticsTests
{
    [Fact]
    public void The_median_of_several_seeds_carries_an_interval_that_contains_it()
    {
        var e = Statistics.Median([100, 104, 98, 101, 103]);
        Assert.Equal(5, e.N);
        Assert.True(e.HasInterval);
        Assert.InRange(e.Median, 98, 104);
        Assert.True(e.Lower <= e.Median && e.Median <= e.Upper);
    }

    [Fact]
    public void A_single_seed_has_no_interval()
    {
        var e = Statistics.Median([42]);
        Assert.False(e.HasInterval);
        Assert.Equal(42, e.Median);
    }

    [Fact]
    public void Clearly_separated_seeds_differ_significantly_and_overlapping_ones_do_not()
    {
        Assert.True(Statistics.Compare([100, 101, 99], [200, 202, 199]).Significant);
        Assert.False(Statistics.Compare([100, 130, 90], [105, 95, 125]).Significant);
        Assert.False(Statistics.Compare([100], [200]).Significant);
    }
}
