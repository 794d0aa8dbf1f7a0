namespace TornPages.Workloads.Tests;

public class KeyDistributionTests
{
    [Theory]
    [InlineData("zipfian:1.0")]
    [InlineData("zipfian:1001")]
    [InlineData("zipfian")]
    [InlineData("gaussian:1.9")]
    [InlineData("exponential:0")]
    [InlineData("uniform:3")]
    [InlineData("pareto:2")]
    [InlineData("zipfian:abc")]
    public void Parameters_outside_pgbenchs_ranges_are_rejected(string text) =>
        Assert.Throws<ArgumentException>(() => KeyDistribution.Parse(text));

    [Theory]
    [InlineData("uniform")]
    [InlineData("zipfian:1.001")]
    [InlineData("zipfian:1000")]
    [InlineData("exponential:0.5")]
    [InlineData("gaussian:2")]
    [InlineData("zipfian:1.1+permute")]
    public void Every_draw_stays_inside_the_key_range(string text)
    {
        var d = KeyDistribution.Parse(text);
        var rng = new PgPrng(42);
        for (int i = 0; i < 20000; i++)
        {
            long k = d.Next(ref rng, 1, 1000, 7);
            Assert.InRange(k, 1, 1000);
        }
        Assert.Equal(text, d.ToString());
    }

    private static double TopShare(string dist, int n = 100_000, int draws = 50_000)
    {
        var d = KeyDistribution.Parse(dist);
        var rng = new PgPrng(1);
        int hot = 0;
        for (int i = 0; i < draws; i++)
            if (d.Next(ref rng, 1, n, 3) <= n / 100) hot++;
        return (double)hot / draws;
    }

    [Fact]
    public void Zipfian_and_exponential_concentrate_on_the_low_keys_and_uniform_does_not()
    {
        Assert.InRange(TopShare("uniform"), 0.005, 0.015);
        Assert.True(TopShare("zipfian:1.1") > 0.5);
        Assert.True(TopShare("exponential:5") > 0.04);
    }

    [Fact]
    public void The_permutation_is_a_bijection_that_scatters_neighbours()
    {
        var seen = new HashSet<long>();
        for (long v = 0; v < 1000; v++) Assert.True(seen.Add(Permutation.Permute(v, 1000, 99)));
        Assert.Equal(1000, seen.Count);
        Assert.NotEqual(Permutation.Permute(1, 1000, 99) + 1, Permutation.Permute(2, 1000, 99));
    }

    [Fact]
    public void A_transaction_stream_is_the_same_for_the_same_seed_and_differs_for_another()
    {
        var s = new Scale(1);
        var a = TransactionStream.Take(s, KeyDistribution.Uniform, 5, 100);
        var b = TransactionStream.Take(s, KeyDistribution.Uniform, 5, 100);
        var c = TransactionStream.Take(s, KeyDistribution.Uniform, 6, 100);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, t =>
        {
            Assert.InRange(t.Aid, 1, 100_000);
            Assert.InRange(t.Tid, 1, 10);
            Assert.Equal(1, t.Bid);
            Assert.InRange(t.Delta, -5000, 5000);
        });
    }
}
