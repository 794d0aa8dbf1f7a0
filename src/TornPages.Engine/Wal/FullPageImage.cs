namespace TornPages.Engine.Wal;

public static class FullPageImage
{
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
