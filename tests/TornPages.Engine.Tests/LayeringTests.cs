using System.Text.RegularExpressions;

namespace TornPages.Engine.Tests;

/// <summary>The engine's folders point one way: heap and index know nothing of each other (the index names tuple ids, the heap alone decides visibility, the database above both joins them), and neither reaches vacuum.</summary>
public class LayeringTests
{
    private static string EngineSource()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "README.md"))) dir = Path.GetDirectoryName(dir);
        Assert.True(dir != null, "README.md not found above the test binaries");
        return Path.Combine(dir!, "src", "TornPages.Engine");
    }

    [Theory]
    [InlineData("Heap", @"TornPages\.Engine\.(Index|Vacuuming)\b|\bBTree\b|\bVacuum\b")]
    [InlineData("Index", @"TornPages\.Engine\.(Heap|Vacuuming)\b|\bHeapAccess\b")]
    [InlineData("Pages", @"TornPages\.Engine\.(Heap|Index|Vacuuming|Buffers)\b")]
    public void A_folder_does_not_use_the_folders_above_it(string folder, string above)
    {
        var offenders = Directory.GetFiles(Path.Combine(EngineSource(), folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => Regex.IsMatch(File.ReadAllText(f), above))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(offenders.Count == 0, $"{folder} uses what stands on it: {string.Join(", ", offenders)}");
    }
}
