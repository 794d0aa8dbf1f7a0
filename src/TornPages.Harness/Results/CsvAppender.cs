using CsvHelper;

namespace TornPages.Harness.Results;

/// <summary>
/// Appends rows to a CSV file atomically: the old contents and the new rows are written to a
/// temporary file beside it, which then replaces it by rename. A crash leaves the old file or the
/// new one, never half of one; a file with other columns is never touched.
/// </summary>
public static class CsvAppender
{
    private static readonly CsvWriterOptions WriterOptions = new() { NewLine = "\n" };

    public static void Append<T>(string path, IEnumerable<T> rows)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        bool exists = File.Exists(path);
        string expected = HeaderOf<T>();
        try
        {
            using (var w = new StreamWriter(tmp))
            {
                if (exists)
                {
                    using var r = new StreamReader(path);
                    string header = (r.ReadLine() ?? "") + "\n";
                    if (header != expected) throw OtherColumns(path);
                    w.Write(header);
                    w.Write(r.ReadToEnd());
                }
                using var csv = CsvWriter.Create(w, WriterOptions, leaveOpen: true);
                if (!exists) csv.WriteHeader<T>();
                foreach (var row in rows) csv.WriteRecord(row);
                csv.Flush();
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Refuses, as <see cref="Append{T}"/> would, a file that exists with other columns than
    /// <typeparamref name="T"/>'s: a command checks every file it will append to before it runs,
    /// so a run is not spent, nor half its results written, for a file it cannot append to.
    /// </summary>
    public static void CheckAppendable<T>(string path)
    {
        if (!File.Exists(path)) return;
        using var r = new StreamReader(path);
        if ((r.ReadLine() ?? "") + "\n" != HeaderOf<T>()) throw OtherColumns(path);
    }

    private static InvalidDataException OtherColumns(string path) =>
        new($"{path} has other columns than this version of tornbench writes; use another --out directory");

    /// <summary>Replaces the file with exactly these rows (atomically).</summary>
    public static void Rewrite<T>(string path, IEnumerable<T> rows)
    {
        string tmp = path + ".rewrite";
        if (File.Exists(tmp)) File.Delete(tmp);
        Append(tmp, rows);
        File.Move(tmp, path, overwrite: true);
    }

    /// <exception cref="InvalidDataException">The file is not one this version writes (a column missing, a cell that does not parse), in one line naming it.</exception>
    public static List<T> Read<T>(string path)
    {
        try
        {
            using var r = new StreamReader(path);
            using var csv = CsvReader.Create(r, null, leaveOpen: false);
            return csv.GetRecords<T>().ToList();
        }
        catch (Exception e) when (e is CsvFormatException or CsvValidationException or KeyNotFoundException or FormatException)
        {
            string why = e.Message.ReplaceLineEndings(" ");
            throw new InvalidDataException($"{path} is not a results file this version of tornbench reads: {(why.Length > MaxReasonLength ? why[..MaxReasonLength] + "..." : why)}");
        }
    }

    /// <summary>How much of the reader's own message a one-line error keeps (a missing-columns message names every column).</summary>
    private const int MaxReasonLength = 200;

    public static string HeaderOf<T>()
    {
        using var sw = new StringWriter();
        using (var csv = CsvWriter.Create(sw, WriterOptions, leaveOpen: true))
        {
            csv.WriteHeader<T>();
            csv.Flush();
        }
        return sw.ToString();
    }
}
