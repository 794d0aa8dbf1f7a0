using ScottPlot;
using SkiaSharp;
using TornPages.Harness.Reports.Charts;
using TornPages.Harness.Results;

namespace TornPages.Harness.Reports.Rendering;

/// <summary>Draws a <see cref="Figure"/> with ScottPlot, its panels side by side, to PNG and to SVG.</summary>
public static class FigureRenderer
{
    /// <summary>Every chart is this size in pixels, PNG and SVG alike (pasted side by side in a review, they line up).</summary>
    public const int Width = 1280, Height = 560;

    /// <summary>Writes NAME.png and NAME.svg into <paramref name="dir"/>; each appears whole or not at all.</summary>
    public static void Save(Figure figure, string dir, string name)
    {
        ChartFont.Install();
        AtomicFile.Write(Path.Combine(dir, name + ".png"), stream =>
        {
            using var surface = SKSurface.Create(new SKImageInfo(Width, Height)) ?? throw new IOException("SkiaSharp could not create a drawing surface");
            Draw(figure, surface.Canvas);
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(stream);
        });
        // Skia's SVG backend has no dash effects: it would draw dashed lines solid anyway and say so
        // on stderr for every one. So the SVG draws them solid on purpose; markers and colours still
        // tell the strategies apart there, and the PNG keeps the patterns.
        foreach (var panel in figure.Panels)
        foreach (var plottable in panel.GetPlottables())
        {
            if (plottable is ScottPlot.Plottables.Scatter scatter) scatter.LinePattern = LinePattern.Solid;
            if (plottable is ScottPlot.Plottables.AxisLine line) line.LinePattern = LinePattern.Solid;
        }
        AtomicFile.Write(Path.Combine(dir, name + ".svg"), stream =>
        {
            // The SVG document is complete only when its canvas is disposed, before the file is closed.
            using var wrapper = new SKManagedWStream(stream);
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), wrapper))
                Draw(figure, canvas);
        });
    }

    /// <summary>
    /// Panels left to right. A panel with its legend outside on the right is widened by the legend's
    /// width, so every panel's data area gets the same width.
    /// </summary>
    private static void Draw(Figure figure, SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        float[] extra = figure.Panels.Select(LegendWidth).ToArray();
        float share = (Width - extra.Sum()) / figure.Panels.Count;
        float left = 0;
        for (int i = 0; i < figure.Panels.Count; i++)
        {
            float right = i == figure.Panels.Count - 1 ? Width : left + share + extra[i];
            // A plot clears the whole canvas before it draws: the clip keeps it to its own column.
            canvas.Save();
            canvas.ClipRect(new SKRect(left, 0, right, Height));
            figure.Panels[i].Render(canvas, new PixelRect(left, right, Height, 0));
            canvas.Restore();
            left = right;
        }
    }

    /// <summary>About the width a legend beside the panel takes: its symbol, padding and longest label at 12 px.</summary>
    private static float LegendWidth(Plot panel)
    {
        if (!panel.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().Any()) return 0;
        var labels = panel.Legend.GetItems().Select(i => i.LabelText ?? "").ToList();
        return labels.Count == 0 ? 0 : 60 + 7.5f * labels.Max(l => l.Length);
    }
}
