using System.Collections.Concurrent;
using ScottPlot;
using SkiaSharp;

namespace TornPages.Harness.Reports.Rendering;

/// <summary>
/// The one typeface every chart uses, DejaVu Sans, read from this assembly rather than the system:
/// SkiaSharp's NoDependencies native library finds no system fonts on a bare image, and ScottPlot's
/// fallback then draws no text at all. The font files and their licence are under Fonts/.
/// </summary>
public static class ChartFont
{
    public const string Family = "DejaVu Sans";

    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>Puts the embedded font first among ScottPlot's resolvers and makes it the default; idempotent.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
            Fonts.Default = Family;
            Fonts.Sans = Family;
            _installed = true;
        }
    }

    /// <summary>The embedded typeface (regular or bold); never a system font.</summary>
    public static SKTypeface Typeface(bool bold) => EmbeddedResolver.Load(bold);

    private sealed class EmbeddedResolver : IFontResolver
    {
        private static readonly ConcurrentDictionary<bool, SKTypeface> Cache = new();

        public static SKTypeface Load(bool bold) => Cache.GetOrAdd(bold, b =>
        {
            string resource = b ? "TornPages.Harness.Fonts.DejaVuSans-Bold.ttf" : "TornPages.Harness.Fonts.DejaVuSans.ttf";
            using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(resource)
                               ?? throw new InvalidOperationException($"the chart font {resource} is not embedded in tornbench");
            return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"the chart font {resource} does not load");
        });

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Load(bold) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
