using System.Diagnostics;
using TornPages.Storage;

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

    public static RunClock For(IStorageDevice device) => device switch
    {
        SimulatedDevice { Cost: not null } sim => new RunClock(() => sim.SimulatedSeconds, "simulated"),
        SimulatedDevice => new RunClock(Wall, "cpu"),
        _ => new RunClock(Wall, "wall"),
    };

    private static double Wall() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
