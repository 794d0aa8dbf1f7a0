using System.Diagnostics;

namespace TornPages.Harness.Tests.Cli;

public class KillTests
{
    [Fact]
    public void A_run_on_real_files_killed_with_sigkill_recovers_every_acknowledged_commit()
    {
        string db = Tornbench.TempDir();
        const string txns = "100000";
        using var p = Process.Start(Tornbench.StartInfo("run", "--device", "file:" + db, "--txns", txns, "--checkpoint-every", "200",
            "--buffers", "256", "--print-acks", "--out", Tornbench.TempDir()))!;
        long acked = 0;
        string? line;
        // Past a few checkpoints, then SIGKILL in the middle of whatever it is doing.
        while ((line = p.StandardOutput.ReadLine()) != null)
        {
            if (line.StartsWith("acked ", StringComparison.Ordinal)) acked = long.Parse(line[6..]);
            if (acked >= 700) break;
        }
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
        // Anything it printed before the kill was acknowledged too.
        while ((line = p.StandardOutput.ReadLine()) != null)
            if (line.StartsWith("acked ", StringComparison.Ordinal)) acked = long.Parse(line[6..]);
        Assert.True(acked >= 700, $"the run acknowledged only {acked} commits before ending");

        var r = Tornbench.Run("verify", "--device", "file:" + db, "--txns", txns, "--acked", acked.ToString());
        Assert.True(r.Exit == 0, $"verify failed after {acked} acks:\n{r.Out}\n{r.Err}");
        Assert.Contains("OK:", r.Out);
    }
}
