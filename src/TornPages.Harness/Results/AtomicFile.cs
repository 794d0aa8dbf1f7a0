namespace TornPages.Harness.Results;

/// <summary>Whole-file writes through a temporary file and a rename: readers see the old file or the new one.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string tmp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
