using TornPages.Harness.Reports.Rendering;

namespace TornPages.Harness.Tests.Reports.Rendering;

public class ChartFontTests
{
    [Fact]
    public void ScottPlot_draws_chart_text_in_the_font_embedded_in_tornbench_not_a_system_font()
    {
        ChartFont.Install();
        Assert.Equal(ChartFont.Family, ScottPlot.Fonts.Default);
        var embedded = ChartFont.Typeface(bold: false);
        Assert.Same(embedded, ScottPlot.Fonts.GetTypeface(ChartFont.Family, false, false));
        Assert.Same(ChartFont.Typeface(bold: true), ScottPlot.Fonts.GetTypeface(ChartFont.Family, true, false));
        Assert.Equal("DejaVu Sans", embedded.FamilyName);
        Assert.True(embedded.GlyphCount > 1000, $"the embedded font has {embedded.GlyphCount} glyphs");
    }
}
