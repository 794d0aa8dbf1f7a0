namespace TornPages.Engine.Wal;

public static class FullPageImage
{
    /// <summary>
    /// Restores a page from an image as a record carries it: decompressed first when its header
    /// says it is compressed (into <paramref name="scratch"/>, a page's worth), the hole then put back.
    /// </summary>
    public static void Restore(ReadOnlySpan<byte> image, in BlockRefHeader header, Span<byte> page, ImageCodec codec, Span<byte> scratch)
    {
        var with = ImageCodec.Of(header.ImageInfo);
        if (with == ImageCompression.None)
        {
            Restore(image, header.HoleOffset, page);
            return;
        }
        int expected = page.Length - ((header.ImageInfo & BlockImageHeader.HasHole) != 0 ? header.HoleLength : 0);
        int n = codec.Decompress(with, image, scratch[..page.Length]);
        if (n != expected)
            throw new Pages.CorruptRecordException($"{with} image of {image.Length} bytes decompresses to {n}, not the {expected} its hole leaves");
        Restore(scratch[..n], header.HoleOffset, page);
    }

    /// <summary>Restores a page from its hole-free image: the hole comes back as zeros.</summary>
    public static void Restore(ReadOnlySpan<byte> image, int holeOffset, Span<byte> page)
    {
        int holeLength = page.Length - image.Length;
        if (holeLength < 0 || holeOffset < 0 || holeOffset > image.Length)
            throw new Pages.CorruptRecordException($"full-page image of {image.Length} bytes with hole at {holeOffset} does not fit a {page.Length}-byte page");
        image[..holeOffset].CopyTo(page);
        page.Slice(holeOffset, holeLength).Clear();
        image[holeOffset..].CopyTo(page[(holeOffset + holeLength)..]);
    }
}
