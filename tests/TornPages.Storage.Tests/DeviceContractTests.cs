using TornPages.Storage;

namespace TornPages.Storage.Tests;

/// <summary>The contract of IStorageDevice, run against every device.</summary>
public abstract class DeviceContractTests : IDisposable
{
    protected abstract IStorageDevice Device { get; }

    public virtual void Dispose() => Device.Dispose();

    [Fact]
    public void A_written_block_reads_back_and_reads_past_the_end_are_zero()
    {
        var f = Device.Open("a", FileClass.Data);
        var data = Enumerable.Range(0, 8192).Select(i => (byte)i).ToArray();
        f.Write(8192, data);
        var back = new byte[8192 * 2];
        f.Read(0, back);
        Assert.All(back[..8192], b => Assert.Equal(0, b));
        Assert.Equal(data, back[8192..]);
        var past = new byte[100];
        past[0] = 9;
        f.Read(1 << 20, past);
        Assert.All(past, b => Assert.Equal(0, b));
        Assert.Equal(16384, f.Length);
    }

    [Fact]
    public void Every_call_is_counted_under_its_file_class()
    {
        var wal = Device.Open("w", FileClass.Wal);
        var data = Device.Open("d", FileClass.Data);
        wal.Write(0, new byte[100]);
        wal.Sync();
        data.Write(0, new byte[8192]);
        data.Write(8192, new byte[8192]);
        Assert.Equal(100, Device.Stats[FileClass.Wal].WriteBytes);
        Assert.Equal(1, Device.Stats[FileClass.Wal].Syncs);
        Assert.Equal(2, Device.Stats[FileClass.Data].Writes);
        Assert.Equal(16384 + 100, Device.Stats.TotalWriteBytes);
    }

    [Fact]
    public void Rename_moves_the_contents_and_refuses_to_replace_a_file()
    {
        var f = Device.Open("old", FileClass.Wal);
        f.Write(0, [1, 2, 3]);
        Device.Open("taken", FileClass.Wal);
        Assert.Throws<StorageException>(() => Device.Rename("old", "taken"));
        Device.Rename("old", "new");
        Assert.False(Device.Exists("old"));
        var back = new byte[3];
        Device.Open("new", FileClass.Wal).Read(0, back);
        Assert.Equal(new byte[] { 1, 2, 3 }, back);
        Device.Delete("new");
        Assert.DoesNotContain("new", Device.List());
    }

    [Fact]
    public void SetLength_preallocates_zeros_and_truncates()
    {
        var f = Device.Open("seg", FileClass.Wal);
        f.SetLength(1 << 20);
        Assert.Equal(1 << 20, f.Length);
        f.Write(0, [7]);
        f.SetLength(0);
        Assert.Equal(0, f.Length);
    }
}

public sealed class SimulatedDeviceContractTests : DeviceContractTests
{
    protected override IStorageDevice Device { get; } = new SimulatedDevice();
}

public sealed class FileDeviceContractTests : DeviceContractTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tb-dev-" + Guid.NewGuid().ToString("N"));

    public FileDeviceContractTests() => Device = new FileDevice(_dir);

    protected override IStorageDevice Device { get; }

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Sync_reaches_the_disk_through_fdatasync() => Assert.Equal(OperatingSystem.IsLinux() ? "fdatasync" : "FlushToDisk", Device.SyncMethod);
}
