namespace TornPages.Harness.Tests;

/// <summary>The harness's layers point down: the command line uses runs, sweeps, trials and reports, never the other way.</summary>
public class LayeringTests
{
    private static string HarnessSource()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "README.md"))) dir = Path.GetDirectoryName(dir);
        Assert.True(dir != null, "README.md not found above the test binaries");
        return Path.Combine(dir!, "src", "TornPages.Harness");
    }

    [Theory]
    [InlineData("Sweeps")]
    [InlineData("Runs")]
    [InlineData("Trials")]
    [InlineData("Reports")]
    [InlineData("Results")]
    [InlineData("Devices")]
    public void A_layer_below_the_command_line_does_not_use_it(string folder)
    {
        var offenders = Directory.GetFiles(Path.Combine(HarnessSource(), folder), "*.cs", SearchOption.AllDirectories)
            // A using of the namespace, or a name qualified by it (inside TornPages.Harness, "Cli." is enough).
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"TornPages\.Harness\.Cli\b|(?<![\w.])Cli\."))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(offenders.Count == 0, $"{folder} uses the command line: {string.Join(", ", offenders)}");
    }
}
