namespace TornPages.Harness.Sweeps;

/// <summary>Where a sweep's results go: <c>ROOT/&lt;host&gt;/&lt;date&gt;_&lt;label&gt;</c>, with -2, -3, ... appended rather than reusing a directory.</summary>
public static class SweepDirectory
{
    public const string Runs = "runs.csv", Timeseries = "timeseries.csv", WalRecords = "wal_records.csv", Crash = "crash.csv",
        Meta = "meta.json", Matrix = "matrix.json";

    public static string CreateNew(string root, string label)
    {
        string host = Environment.MachineName.Split('.')[0];
        string baseDir = Path.Combine(root, host, $"{DateTime.UtcNow:yyyy-MM-dd}_{label}");
        for (int n = 1; ; n++)
        {
            string dir = n == 1 ? baseDir : $"{baseDir}-{n}";
            if (Directory.Exists(dir)) continue;
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
