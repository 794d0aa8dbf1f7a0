using TornPages.Engine.Strategies;

namespace TornPages.Engine.Tests.Strategies;

public class StrategyCatalogTests
{
    [Fact]
    public void Every_listed_name_parses_into_the_strategy_of_that_name_and_appears_in_the_help()
    {
        Assert.Equal(["none", "fpw", "dwb-small", "dwb-large", "shadow-8k", "shadow-64m", "lp-logged"], StrategyCatalog.Names);
        foreach (var name in StrategyCatalog.Names)
        {
            Assert.Equal(name, StrategyCatalog.Parse(name).Name);
            Assert.Contains(name, StrategyCatalog.Help);
        }
    }

    [Theory]
    [InlineData("dwb-small:8", "dwb-small", "batch=8")]
    [InlineData("dwb-small", "dwb-small", "batch=32")]
    [InlineData("shadow:8k", "shadow-8k", "unit=8192")]
    [InlineData("shadow:1m", "shadow", "unit=1048576")]
    [InlineData("fpw-super:4", "fpw-super", "cycle=4")]
    public void A_parameter_after_the_colon_sets_the_strategy_parameters(string spec, string name, string parameters)
    {
        var s = StrategyCatalog.Parse(spec);
        Assert.Equal((name, parameters), (s.Name, s.Parameters));
    }

    [Theory]
    [InlineData("magic", "unknown strategy 'magic'")]
    [InlineData("fpw:3", "fpw compresses its images with lz4 or zstd, not '3'")]
    [InlineData("none:3", "strategy 'none:3' takes no parameter")]
    [InlineData("shadow", "needs a unit size")]
    [InlineData("shadow:3x", "bad size '3x'")]
    [InlineData("dwb-small:0", "dwb-small batch must be 1..512 pages, not 0")]
    [InlineData("fpw-super", "needs the checkpoints per image cycle")]
    [InlineData("fpw-super:0", "fpw-super takes 1..64 checkpoints per image cycle, not 0")]
    public void A_bad_spec_is_refused_with_what_is_wrong(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyCatalog.Parse(spec));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Fpw_super_spans_its_image_cycle_over_k_checkpoints_and_every_other_strategy_over_one()
    {
        Assert.Equal(4, StrategyCatalog.Parse("fpw-super:4").CheckpointsPerImageCycle);
        foreach (var name in StrategyCatalog.Names) Assert.Equal(1, StrategyCatalog.Parse(name).CheckpointsPerImageCycle);
    }
}
