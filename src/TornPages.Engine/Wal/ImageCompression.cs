using K4os.Compression.LZ4;
using ZstdSharp;

namespace TornPages.Engine.Wal;

/// <summary>How full-page images are compressed, as PostgreSQL's wal_compression: off, lz4 or zstd.</summary>
public enum ImageCompression
{
    None,
    Lz4,
    Zstd,
}

/// <summary>
/// Compresses and decompresses full-page images (the hole already cut out), as PostgreSQL's
/// XLogCompressBackupBlock and RestoreBlockImage do: LZ4 at its default (fast) level, zstd at its
/// default level 3. One instance per engine thread: the zstd contexts are reused, not shared.
/// </summary>
public sealed class ImageCodec(ImageCompression kind)
{
    /// <summary>zstd's default level (ZSTD_CLEVEL_DEFAULT), the one PostgreSQL 15 compresses with.</summary>
    public const int ZstdLevel = 3;

    private Compressor? _zstd;
    private Decompressor? _unzstd;

    public ImageCompression Kind => kind;

    /// <summary>The <see cref="BlockImageHeader.Info"/> flag that names this compression.</summary>
    public static byte Flag(ImageCompression kind) => kind switch
    {
        ImageCompression.Lz4 => BlockImageHeader.CompressLz4,
        ImageCompression.Zstd => BlockImageHeader.CompressZstd,
        _ => 0,
    };

    /// <summary>The compression an image's <see cref="BlockImageHeader.Info"/> names.</summary>
    public static ImageCompression Of(byte info) =>
        (info & BlockImageHeader.CompressLz4) != 0 ? ImageCompression.Lz4
        : (info & BlockImageHeader.CompressZstd) != 0 ? ImageCompression.Zstd
        : ImageCompression.None;

    /// <summary>Compresses <paramref name="image"/> into <paramref name="dest"/>; the length written, or -1 when it does not fit.</summary>
    public int Compress(ReadOnlySpan<byte> image, Span<byte> dest) => kind switch
    {
        ImageCompression.Lz4 => LZ4Codec.Encode(image, dest, LZ4Level.L00_FAST),
        ImageCompression.Zstd => (_zstd ??= new Compressor(ZstdLevel)).TryWrap(image, dest, out int n) ? n : -1,
        _ => -1,
    };

    /// <summary>Decompresses an image compressed with <paramref name="with"/>; the length, or -1 when the bytes are not such an image.</summary>
    public int Decompress(ImageCompression with, ReadOnlySpan<byte> compressed, Span<byte> dest)
    {
        try
        {
            return with switch
            {
                ImageCompression.Lz4 => LZ4Codec.Decode(compressed, dest),
                ImageCompression.Zstd => (_unzstd ??= new Decompressor()).TryUnwrap(compressed, dest, out int n) ? n : -1,
                _ => -1,
            };
        }
        catch (ZstdException)
        {
            return -1;
        }
    }
}
