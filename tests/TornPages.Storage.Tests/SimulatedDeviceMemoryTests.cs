using TornPages.Storage;

namespace TornPages.Storage.Tests;

/// <summary>The simulated device holds each page about once: durable, current and pending versions share memory.</summary>
public class SimulatedDeviceMemoryTests
{
    private const int Page = 8192;

    private static byte[] Filled(int n, byte v) => Enumerable.Repeat(v, n).ToArray();

    private static void WritePages(IStorageFile f, int count, byte v)
    {
        var page = Filled(Page, v);
        for (int i = 0; i < count; i++) f.Write((long)i * Page, page);
    }

    [Fact]
    public void A_synced_page_is_held_once_not_once_per_image()
    {
        var d = new SimulatedDevice();
        var f = d.Open("f", FileClass.Data);
        WritePages(f, 100, 1);
        Assert.Equal(100L * Page, d.ResidentBytes);
        f.Sync();
        Assert.Equal(100L * Page, d.ResidentBytes);
        Assert.Equal(0, d.PendingBytes);
    }

    [Fact]
    public void An_unsynced_rewrite_costs_one_more_page_until_the_sync_releases_the_old_version()
    {
        var d = new SimulatedDevice();
        var f = d.Open("f", FileClass.Data);
        WritePages(f, 100, 1);
        f.Sync();
        WritePages(f, 10, 2);
        Assert.Equal(110L * Page, d.ResidentBytes);
        Assert.Equal(10L * Page, d.PendingBytes);
        f.Sync();
        Assert.Equal(100L * Page, d.ResidentBytes);
        var back = new byte[Page];
        f.Read(0, back);
        Assert.Equal(Filled(Page, 2), back);
    }

    [Fact]
    public void Offsets_past_four_gigabytes_work_and_cost_only_what_is_written()
    {
        var d = new SimulatedDevice();
        var f = d.Open("f", FileClass.Data);
        long offset = 5L << 30;
        f.Write(offset, Filled(Page, 7));
        f.Sync();
        Assert.Equal(offset + Page, f.Length);
        Assert.Equal(Page, d.ResidentBytes);
        var back = new byte[Page];
        f.Read(offset, back);
        Assert.Equal(Filled(Page, 7), back);
    }

    [Fact]
    public void Deleting_a_file_releases_its_memory()
    {
        var d = new SimulatedDevice();
        var f = d.Open("f", FileClass.Data);
        WritePages(f, 10, 1);
        f.Sync();
        WritePages(f, 5, 2);
        d.Delete("f");
        Assert.Equal(0, d.ResidentBytes);
    }

    [Fact]
    public void A_clone_and_its_source_never_see_each_others_writes()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var f = d.Open("f", FileClass.Data);
        WritePages(f, 4, 1);
        f.Sync();
        f.Write(0, Filled(Page, 2));
        var clone = d.Clone(seed: 5);
        var g = clone.Open("f", FileClass.Data);
        g.Write(Page, Filled(Page, 3));
        clone.Crash();
        var back = new byte[Page];
        f.Read(0, back);
        Assert.Equal(Filled(Page, 2), back);
        f.Read(Page, back);
        Assert.Equal(Filled(Page, 1), back);
        Assert.Equal(Filled(Page, 1), clone.DurableImage("f")[..Page]);
        Assert.Equal(5L * Page, d.ResidentBytes);
    }

    [Fact]
    public void A_clone_costs_no_chunk_until_it_writes_one()
    {
        var d = new SimulatedDevice();
        var f = d.Open("f", FileClass.Data);
        WritePages(f, 8, 1);
        f.Sync();
        var clone = d.Clone(seed: 2);
        Assert.Equal(0, clone.ResidentBytes);
        clone.Open("f", FileClass.Data).Write(3 * Page, Filled(Page, 9));
        Assert.Equal(Page, clone.ResidentBytes);
    }

    [Fact]
    public void Clones_on_many_threads_leave_their_source_as_it_was()
    {
        var d = new SimulatedDevice(new CrashModel(512));
        var f = d.Open("f", FileClass.Data);
        WritePages(f, 16, 1);
        f.Sync();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var c = d.Clone(i);
            var g = c.Open("f", FileClass.Data);
            for (int p = 0; p < 16; p++) g.Write((long)p * Page, Filled(Page, (byte)(i + 2)));
            if (i % 2 == 0) g.Sync();
            c.Crash();
            c.Delete("f");
        });
        Assert.Equal(Enumerable.Repeat((byte)1, 16 * Page).ToArray(), d.DurableImage("f"));
        var back = new byte[16 * Page];
        f.Read(0, back);
        Assert.All(back, b => Assert.Equal(1, b));
        // The source's chunks are its own again: writing them in place is safe.
        Assert.Equal(16L * Page, d.ResidentBytes);
    }

    [Fact]
    public void Two_unsynced_writes_of_one_page_resolve_sector_by_sector_in_write_order()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var d = new SimulatedDevice(new CrashModel(512), seed);
            var f = d.Open("f", FileClass.Data);
            f.Write(0, Filled(Page, 1));
            f.Sync();
            f.Write(0, Filled(Page, 2));
            f.Write(1024, Filled(1024, 3));
            d.Crash();
            var img = d.DurableImage("f");
            for (int s = 0; s < Page / 512; s++)
            {
                var sector = img.AsSpan(s * 512, 512).ToArray();
                byte v = sector[0];
                Assert.All(sector, b => Assert.Equal(v, b));
                Assert.Contains(v, s is 2 or 3 ? new byte[] { 1, 2, 3 } : [1, 2]);
            }
        }
    }

    [Fact]
    public void A_truncation_takes_unsynced_bytes_past_the_new_end_with_it()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 1));
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(2 * Page, 1));
        f.SetLength(Page + 512);
        f.SetLength(2 * Page);
        d.Crash();
        var img = d.DurableImage("f");
        Assert.Equal(Filled(Page + 512, 1), img[..(Page + 512)]);
        Assert.All(img[(Page + 512)..], b => Assert.Equal(0, b));
    }
}
