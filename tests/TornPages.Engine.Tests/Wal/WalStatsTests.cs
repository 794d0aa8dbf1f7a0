using TornPages.Engine.Wal;

namespace TornPages.Engine.Tests.Wal;

public class WalStatsTests
{
    [Fact]
    public void Since_differences_every_counter()
    {
        var fields = typeof(WalStats).GetFields();
        var start = new WalStats();
        var end = new WalStats();
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i].SetValue(start, (long)(i + 1));
            fields[i].SetValue(end, (long)(3 * (i + 1) + 100));
        }
        var d = end.Since(start);
        for (int i = 0; i < fields.Length; i++)
            Assert.True((long)fields[i].GetValue(d)! == 2 * (i + 1) + 100, $"{fields[i].Name} is not differenced");
    }
}
