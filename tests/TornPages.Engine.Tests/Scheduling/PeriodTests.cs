using TornPages.Engine.Scheduling;

namespace TornPages.Engine.Tests.Scheduling;

public class PeriodTests
{
    [Fact]
    public void A_period_in_seconds_starts_at_the_first_look_and_is_over_once_per_period()
    {
        var p = new Period(seconds: 1, transactions: 0);
        Assert.False(p.IsOver(10));
        Assert.False(p.IsOver(10.9));
        Assert.True(p.IsOver(11));
        Assert.False(p.IsOver(11.5));
        Assert.True(p.IsOver(12.2));
        Assert.False(p.IsOver(13.1));
        Assert.True(p.IsOver(13.2));
    }

    [Fact]
    public void A_period_in_transactions_ignores_the_clock()
    {
        var p = new Period(seconds: 1, transactions: 3);
        for (int i = 0; i < 2; i++) p.TransactionFinished();
        Assert.False(p.IsOver(100));
        p.TransactionFinished();
        Assert.True(p.IsOver(0));
        Assert.False(p.IsOver(0));
    }
}
