using TornPages.Engine.Pages;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Engine.Tests.Wal;

public class ImageCompressionTests
{
    /// <summary>A heap-like page: header, a few line pointers' worth of bytes, a hole, repetitive tuples at the end.</summary>
    private static byte[] Page(bool withHole, bool random = false)
    {
        var page = new byte[8192];
        if (random) new Random(3).NextBytes(page);
        else
            for (int i = 0; i < page.Length; i++) page[i] = (byte)(i % 97 < 60 ? 7 : i % 13);
        ref var h = ref PageHeader.Of(page.AsSpan());
        h.Kind = PageKind.Heap;
        h.Lower = (ushort)(withHole ? 200 : 8192);
        h.Upper = (ushort)(withHole ? 5000 : 8192);
        if (withHole) page.AsSpan(200, 4800).Clear();
        return page;
    }

    [Theory]
    [InlineData(ImageCompression.Lz4, true)]
    [InlineData(ImageCompression.Lz4, false)]
    [InlineData(ImageCompression.Zstd, true)]
    [InlineData(ImageCompression.Zstd, false)]
    public void A_compressed_image_restores_the_page_it_was_taken_of(ImageCompression kind, bool withHole)
    {
        var page = Page(withHole);
        var b = new RecordBuilder(8192);
        b.Begin(RecordType.HeapUpdate, 5).AddBlock(0, 1, 0, willInit: false);
        b[0].CaptureImage(page, new ImageCodec(kind));
        Assert.Equal(ImageCodec.Flag(kind), b[0].ImageInfo & BlockImageHeader.Compressed);
        Assert.True(b[0].ImageLength < (withHole ? 8192 - 4800 : 8192) / 2, $"{kind} left {b[0].ImageLength} bytes");
        var header = new BlockRefHeader(0, BlockFlags.HasImage, 0, 1, (ushort)b[0].ImageLength, (ushort)b[0].HoleOffset, b[0].ImageInfo, (ushort)b[0].HoleLength);
        var back = new byte[8192];
        FullPageImage.Restore(b[0].Image, header, back, new ImageCodec(ImageCompression.None), new byte[8192]);
        Assert.Equal(page, back);
    }

    [Fact]
    public void An_image_compression_cannot_shrink_is_stored_as_it_is()
    {
        var b = new RecordBuilder(8192);
        b.Begin(RecordType.HeapUpdate, 5).AddBlock(0, 1, 0, willInit: false);
        b[0].CaptureImage(Page(withHole: false, random: true), new ImageCodec(ImageCompression.Lz4));
        Assert.Equal(0, b[0].ImageInfo);
        Assert.Equal(8192, b[0].ImageLength);
    }

    [Fact]
    public void A_compressed_image_whose_bytes_are_damaged_is_a_corrupt_record()
    {
        var b = new RecordBuilder(8192);
        b.Begin(RecordType.HeapUpdate, 5).AddBlock(0, 1, 0, willInit: false);
        b[0].CaptureImage(Page(withHole: true), new ImageCodec(ImageCompression.Zstd));
        var image = b[0].Image.ToArray();
        image.AsSpan(4).Fill(0xEE);
        var header = new BlockRefHeader(0, BlockFlags.HasImage, 0, 1, (ushort)image.Length, (ushort)b[0].HoleOffset, b[0].ImageInfo, (ushort)b[0].HoleLength);
        Assert.Throws<CorruptRecordException>(() =>
            FullPageImage.Restore(image, header, new byte[8192], new ImageCodec(ImageCompression.None), new byte[8192]));
    }

    [Theory]
    [InlineData("fpw:lz4")]
    [InlineData("fpw:zstd")]
    public void Recovery_restores_pages_from_compressed_images(string strategy)
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0.5), seed: 9);
        var db = TestDatabase.Create(dev, strategy);
        db.Checkpoint();
        for (int i = 0; i < 300; i++) TestDatabase.Add(db, 1 + i * 7 % 2000, 1);
        Assert.True(db.Wal.Stats.FpiCount > 0);
        dev.Crash();
        db = TestDatabase.Open(dev, strategy);
        Assert.True(db.Recovery!.ImagesRestored > 0);
        for (int i = 0; i < 300; i++) Assert.True(TestDatabase.Value(db, 1 + i * 7 % 2000) >= 1);
    }
}
