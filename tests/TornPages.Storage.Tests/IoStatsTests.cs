using TornPages.Storage;

namespace TornPages.Storage.Tests;

public class IoStatsTests
{
    [Fact]
    public void Since_differences_every_counter_of_every_file_class()
    {
        var device = new SimulatedDevice();
        var wal = device.Open("w", FileClass.Wal);
        var data = device.Open("d", FileClass.Data);
        wal.Write(0, new byte[8192]);
        wal.Sync();
        var start = device.Stats.Snapshot();
        wal.Write(8192, new byte[4096]);
        data.Write(0, new byte[8192]);
        data.Write(8192, new byte[8192]);
        data.Sync();
        data.Read(0, new byte[512]);
        var d = device.Stats.Since(start);
        Assert.Equal((1, 4096, 0), (d[FileClass.Wal].Writes, d[FileClass.Wal].WriteBytes, d[FileClass.Wal].Syncs));
        Assert.Equal((2, 16384, 1), (d[FileClass.Data].Writes, d[FileClass.Data].WriteBytes, d[FileClass.Data].Syncs));
        Assert.Equal((1, 512), (d[FileClass.Data].Reads, d[FileClass.Data].ReadBytes));
        Assert.Equal(20480, d.TotalWriteBytes);
        Assert.Equal(1, d.TotalSyncs);
    }
}
