using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TornPages.Engine.Pages;

namespace TornPages.Engine.Wal;

/// <summary>
/// A WAL record being put together: its type and transaction, up to <see cref="MaxBlocks"/> block
/// references each with its page ops (and, once the strategy asks for one, a full-page image), and
/// main data. Reused for every record, so logging allocates nothing.
/// </summary>
public sealed class RecordBuilder
{
    public const int MaxBlocks = 16;

    private readonly Block[] _blocks;
    private byte[] _main = new byte[64];

    public RecordBuilder(int pageSize)
    {
        _blocks = new Block[MaxBlocks];
        for (int i = 0; i < MaxBlocks; i++) _blocks[i] = new Block(pageSize);
    }

    public RecordType Type { get; private set; }
    public uint Xid { get; private set; }
    public int BlockCount { get; private set; }
    public int MainLength { get; private set; }
    public ReadOnlySpan<byte> Main => _main.AsSpan(0, MainLength);

    public RecordBuilder Begin(RecordType type, uint xid)
    {
        Type = type;
        Xid = xid;
        BlockCount = 0;
        MainLength = 0;
        return this;
    }

    /// <summary>Adds a block reference and returns the writer for its page ops.</summary>
    public PageOpWriter AddBlock(byte rel, uint block, int frame, bool willInit)
    {
        if (BlockCount == MaxBlocks) throw new InvalidOperationException("too many blocks in one record");
        var b = _blocks[BlockCount++];
        b.Rel = rel;
        b.BlockNo = block;
        b.Frame = frame;
        b.WillInit = willInit;
        b.ImageLength = 0;
        b.HasImage = false;
        b.ImageInfo = 0;
        b.HoleLength = 0;
        b.Ops.Reset();
        return b.Ops;
    }

    public Block this[int i] => _blocks[i];

    /// <summary>Sets the record's main data to <paramref name="data"/> (one of the structs in RecordMainData.cs).</summary>
    public void SetMain<T>(in T data) where T : unmanaged => MemoryMarshal.Write(MainBuffer(Unsafe.SizeOf<T>()), in data);

    /// <summary>Main data of <paramref name="length"/> bytes to fill in (records of a fixed layout use <see cref="SetMain{T}"/>).</summary>
    public Span<byte> MainBuffer(int length)
    {
        if (_main.Length < length) _main = new byte[Math.Max(length, _main.Length * 2)];
        MainLength = length;
        return _main.AsSpan(0, length);
    }

    public int SerializedLength
    {
        get
        {
            int n = WalRecordHeader.Size + BlockRefCodec.MainHeaderLength(MainLength) + MainLength;
            for (int i = 0; i < BlockCount; i++) n += BlockLength(i);
            return n;
        }
    }

    /// <summary>Whether block <paramref name="i"/> names the same relation as the block before it (its reference then leaves the relation out).</summary>
    public bool SameRelAsPrevious(int i) => i > 0 && _blocks[i].Rel == _blocks[i - 1].Rel;

    /// <summary>Block <paramref name="i"/>'s bytes in the record: its headers, then its image or else its ops.</summary>
    public int BlockLength(int i)
    {
        var b = _blocks[i];
        return BlockRefCodec.HeaderLength(b.HasImage, SameRelAsPrevious(i), b.HasCompressHeader) + (b.HasImage ? b.ImageLength : b.Ops.Length);
    }

    public sealed class Block(int pageSize)
    {
        private readonly byte[] _image = new byte[pageSize];
        private byte[]? _compressed;

        public byte Rel;
        public uint BlockNo;
        public int Frame;
        public bool WillInit;
        public bool HasImage;
        public int ImageLength;
        public int HoleOffset;
        public PageOpWriter Ops { get; } = new();

        /// <summary>The image's compression flags and, when compressed, the hole's length (<see cref="BlockRefHeader.ImageInfo"/>).</summary>
        public byte ImageInfo;
        public int HoleLength;

        public bool HasCompressHeader => (ImageInfo & BlockImageHeader.Compressed) != 0 && (ImageInfo & BlockImageHeader.HasHole) != 0;

        /// <summary>The image as the record carries it: compressed when <see cref="ImageInfo"/> says so.</summary>
        public ReadOnlySpan<byte> Image => ((ImageInfo & BlockImageHeader.Compressed) != 0 ? _compressed! : _image).AsSpan(0, ImageLength);

        /// <summary>
        /// As <see cref="CaptureImage(ReadOnlySpan{byte})"/>, then compressed with <paramref name="codec"/>
        /// when that saves bytes: as XLogCompressBackupBlock, only if the compressed image and the
        /// hole's length it then needs are shorter than the image as it is.
        /// </summary>
        public void CaptureImage(ReadOnlySpan<byte> page, ImageCodec? codec)
        {
            CaptureImage(page);
            if (codec == null || codec.Kind == ImageCompression.None) return;
            int hole = page.Length - ImageLength;
            int extra = hole > 0 ? BlockImageHeader.CompressHeaderSize : 0;
            _compressed ??= new byte[_image.Length];
            int n = codec.Compress(_image.AsSpan(0, ImageLength), _compressed);
            if (n < 0 || n >= ImageLength - extra) return;
            ImageInfo = (byte)(ImageCodec.Flag(codec.Kind) | (hole > 0 ? BlockImageHeader.HasHole : 0));
            HoleLength = hole;
            ImageLength = n;
        }

        /// <summary>Takes the full-page image of <paramref name="page"/>, leaving out the hole between lower and upper.</summary>
        public void CaptureImage(ReadOnlySpan<byte> page)
        {
            ImageInfo = 0;
            HoleLength = 0;
            ref readonly var h = ref PageHeader.Of(page);
            int holeStart = h.Lower, holeEnd = h.Upper;
            if (h.Kind == PageKind.New || holeStart < PageHeader.Size || holeEnd < holeStart || holeEnd > page.Length)
                holeStart = holeEnd = page.Length;
            page[..holeStart].CopyTo(_image);
            page[holeEnd..].CopyTo(_image.AsSpan(holeStart));
            ImageLength = page.Length - (holeEnd - holeStart);
            HoleOffset = holeStart;
            HasImage = true;
        }
    }
}
