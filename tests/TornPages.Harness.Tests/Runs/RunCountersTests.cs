using TornPages.Harness.Runs;
using TornPages.Storage;

namespace TornPages.Harness.Tests.Runs;

public class RunCountersTests
{
    [Fact]
    public void Since_differences_every_counter_of_the_snapshot()
    {
        var ctor = typeof(RunCounters).GetConstructors().Single(c => c.GetParameters().Length > 1);
        var ps = ctor.GetParameters();
        object Make(int scale, int offset) => ctor.Invoke(ps.Select((p, i) => p.ParameterType switch
        {
            var t when t == typeof(int) => (object)(scale * (i + 1) + offset),
            var t when t == typeof(long) => (long)(scale * (i + 1) + offset),
            var t when t == typeof(double) => (double)(scale * (i + 1) + offset),
            var t when t == typeof(IoStats) => new IoStats(),
            _ => new Engine.Wal.WalStats(),
        }).ToArray());
        var d = ((RunCounters)Make(3, 100)).Since((RunCounters)Make(1, 0));
        for (int i = 0; i < ps.Length; i++)
        {
            var value = typeof(RunCounters).GetProperty(ps[i].Name!)!.GetValue(d);
            if (value is int or long or double)
                Assert.True(Convert.ToDouble(value) == 2 * (i + 1) + 100, $"{ps[i].Name} is not differenced");
        }
    }
}
