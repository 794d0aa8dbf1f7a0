using TornPages.Engine.Checkpoints;
using TornPages.Storage;

namespace TornPages.Engine.Tests.Checkpoints;

public class ControlFileTests
{
    private static ControlFile Written(SimulatedDevice dev, params ulong[] redos)
    {
        var c = ControlFile.Create(dev);
        foreach (var r in redos) c.Write(new ControlData { RedoLsn = r, Strategy = "fpw" });
        return c;
    }

    [Fact]
    public void Open_picks_the_newest_valid_slot()
    {
        var dev = new SimulatedDevice();
        Written(dev, 10, 20, 30);
        var c = ControlFile.Open(dev);
        Assert.Equal(30UL, c.Current.RedoLsn);
        Assert.Equal("fpw", c.Current.Strategy);
    }

    [Fact]
    public void A_torn_update_falls_back_to_the_previous_checkpoint()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 1));
        var c = Written(dev, 10, 20);
        var f = dev.Open(ControlFile.FileName, FileClass.Control);
        dev.ArmCrash(1, CrashTiming.After); // the write of the third slot happens, its sync never does
        Assert.Throws<SimulatedCrashException>(() => c.Write(new ControlData { RedoLsn = 30 }));
        // Tear the slot being written: its first sector is garbage.
        dev.Crash();
        var slot = ControlFile.SlotSize * (3 % 2);
        f.Write(slot + 8, new byte[] { 0xFF, 0xFF, 0xFF });
        Assert.Equal(20UL, ControlFile.Open(dev).Current.RedoLsn);
    }

    [Fact]
    public void Two_corrupt_slots_are_an_error_not_a_guess()
    {
        var dev = new SimulatedDevice();
        Written(dev, 10, 20);
        var f = dev.Open(ControlFile.FileName, FileClass.Control);
        f.Write(20, new byte[] { 1, 2, 3 });
        f.Write(ControlFile.SlotSize + 20, new byte[] { 1, 2, 3 });
        Assert.Throws<ControlFileCorruptException>(() => ControlFile.Open(dev));
    }

    [Fact]
    public void A_control_file_never_written_says_the_database_was_never_complete()
    {
        var dev = new SimulatedDevice();
        ControlFile.Create(dev);
        dev.Open(ControlFile.FileName, FileClass.Control).Write(0, new byte[2 * ControlFile.SlotSize]);
        var e = Assert.Throws<DatabaseNotFoundException>(() => ControlFile.Open(dev));
        Assert.Contains("the load never finished", e.Message);
    }
}
