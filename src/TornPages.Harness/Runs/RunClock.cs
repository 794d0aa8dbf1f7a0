using System.Diagnostics;

namespace TornPages.Harness.Runs;

/// <summary>
/// The clock a run's times come from: the wall clock on a real device, the cost model's time on a
/// simulated device that has one, and the CPU's wall clock (no device time at all) on plain sim.
/// </summary>
public sealed class RunClock(Func<double> now, string basis)
{
    public double Now => now();

    /// <summary>"wall", "simulated" or "cpu": written with every time in the results.</summary>
    public string Basis { get; } = basis;

    /// <summary>The CPU's wall clock, on a device with no time of its own.</summary>
    public static RunClock Cpu { get; } = new(Wall, "cpu");

    private static double Wall() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
