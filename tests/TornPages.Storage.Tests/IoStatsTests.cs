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

public class IoCauseTests
{
    [Fact]
    public void Calls_count_under_the_innermost_scope_and_the_outer_cause_returns_when_it_ends()
    {
        var device = new SimulatedDevice();
        var wal = device.Open("w", FileClass.Wal);
        wal.Write(0, new byte[100]);
        using (IoCauses.Enter(IoCause.Checkpoint))
        {
            wal.Write(100, new byte[200]);
            using (IoCauses.Enter(IoCause.Eviction))
            {
                wal.Write(300, new byte[400]);
                wal.Sync();
            }
            wal.Sync();
        }
        var s = device.Stats;
        Assert.Equal((100, 0), (s[IoCause.Other].WriteBytes, s[IoCause.Other].Syncs));
        Assert.Equal((200, 1), (s[IoCause.Checkpoint].WriteBytes, s[IoCause.Checkpoint].Syncs));
        Assert.Equal((400, 1), (s[IoCause.Eviction].WriteBytes, s[IoCause.Eviction].Syncs));
        Assert.Equal(IoCause.Other, IoCauses.Current);
    }

    [Fact]
    public void The_strategies_own_files_count_under_their_own_cause_whatever_scope_asked()
    {
        var device = new SimulatedDevice();
        using (IoCauses.Enter(IoCause.Eviction))
        {
            device.Open("dw", FileClass.DoubleWrite).Write(0, new byte[8192]);
            device.Open("map", FileClass.Map).Write(0, new byte[512]);
            device.Open("ctl", FileClass.Control).Sync();
        }
        var s = device.Stats;
        Assert.Equal(8192, s[IoCause.DoubleWrite].WriteBytes);
        Assert.Equal(512, s[IoCause.Map].WriteBytes);
        Assert.Equal(1, s[IoCause.Control].Syncs);
        Assert.Equal(0, s[IoCause.Eviction].WriteBytes);
    }

    [Fact]
    public void A_scope_on_one_thread_does_not_change_the_cause_of_another()
    {
        var device = new SimulatedDevice();
        var wal = device.Open("w", FileClass.Wal);
        using (IoCauses.Enter(IoCause.Commit))
        {
            var other = new Thread(() => wal.Sync());
            other.Start();
            other.Join();
        }
        Assert.Equal(1, device.Stats[IoCause.Other].Syncs);
        Assert.Equal(0, device.Stats[IoCause.Commit].Syncs);
    }

    [Fact]
    public void Since_differences_the_causes_too()
    {
        var device = new SimulatedDevice();
        var data = device.Open("d", FileClass.Data);
        using var scope = IoCauses.Enter(IoCause.BgWriter);
        data.Write(0, new byte[8192]);
        var start = device.Stats.Snapshot();
        data.Write(8192, new byte[8192]);
        data.Sync();
        var d = device.Stats.Since(start);
        Assert.Equal((1, 8192, 1), (d[IoCause.BgWriter].Writes, d[IoCause.BgWriter].WriteBytes, d[IoCause.BgWriter].Syncs));
    }
}
