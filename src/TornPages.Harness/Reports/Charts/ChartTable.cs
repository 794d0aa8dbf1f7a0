using System.Globalization;
using CsvHelper;
using TornPages.Harness.Results;

namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// The numbers behind a chart, one row per point drawn (long format: a reader can re-plot any panel by
/// filtering a column), written as CSV beside the picture.
/// </summary>
public sealed class ChartTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];


    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    /// <summary>One row; numbers are written invariantly, a missing value (NaN) as an empty cell.</summary>
    public void Add(params object[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"a row of {cells.Length} cells in a table of {Columns.Count} columns");
        _rows.Add(cells.Select(Format).ToArray());
    }

    public void Write(string path) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord(Columns.ToArray());
        foreach (var row in _rows) csv.WriteRecord(row);
        csv.Flush();
    });

    private static string Format(object cell) => cell switch
    {
        double d => double.IsFinite(d) ? d.ToString("G6", CultureInfo.InvariantCulture) : "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
