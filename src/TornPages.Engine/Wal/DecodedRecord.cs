using System.Runtime.InteropServices;

namespace TornPages.Engine.Wal;

/// <summary>A record read back from the WAL; valid until the reader reads the next one.</summary>
public sealed class DecodedRecord
{
    private byte[] _bytes = new byte[64 * 1024];
    private readonly BlockRef[] _blocks = new BlockRef[RecordBuilder.MaxBlocks];
    private int _mainOffset;

    public ulong Start { get; private set; }
    public ulong End { get; private set; }
    public RecordType Type { get; private set; }
    public uint Xid { get; private set; }
    public ushort Epoch { get; private set; }
    public int BlockCount { get; private set; }
    public int Length { get; private set; }

    public ref readonly BlockRef Block(int i) => ref _blocks[i];
    public ReadOnlySpan<byte> Image(int i) => _bytes.AsSpan(_blocks[i].ImageOffset, _blocks[i].Header.ImageLength);
    public ReadOnlySpan<byte> Ops(int i) => _bytes.AsSpan(_blocks[i].DataOffset, _blocks[i].Header.DataLength);
    public ReadOnlySpan<byte> Main => _bytes.AsSpan(_mainOffset, Length - _mainOffset);

    /// <summary>The main data as <typeparamref name="T"/> (one of the structs in RecordMainData.cs); false when the record carries less.</summary>
    public bool TryReadMain<T>(out T data) where T : unmanaged => MemoryMarshal.TryRead(Main, out data);

    internal Span<byte> Buffer(int length)
    {
        if (_bytes.Length < length) _bytes = new byte[Math.Max(length, _bytes.Length * 2)];
        return _bytes.AsSpan(0, length);
    }

    /// <summary>Parses the record's block references; false when they do not fit its length.</summary>
    internal bool Decode(ulong start, ulong end)
    {
        var s = _bytes.AsSpan(0, Length);
        ref readonly var h = ref MemoryMarshal.AsRef<WalRecordHeader>(s);
        if (h.BlockCount > RecordBuilder.MaxBlocks) return false;
        int p = WalRecordHeader.Size;
        byte rel = 0;
        for (int i = 0; i < h.BlockCount; i++)
        {
            if (!BlockRefCodec.TryRead(s, ref p, rel, out var bh)) return false;
            rel = bh.Rel;
            int image = p;
            if ((bh.Flags & BlockFlags.HasImage) != 0) p += bh.ImageLength;
            int data = p;
            p += bh.DataLength;
            if (p > Length) return false;
            _blocks[i] = new BlockRef(bh, image, data);
        }
        if (!BlockRefCodec.TryReadMainHeader(s, ref p, out int mainLength) || p + mainLength != Length) return false;
        _mainOffset = p;
        Start = start;
        End = end;
        Type = h.Type;
        Xid = h.Xid;
        Epoch = h.Epoch;
        BlockCount = h.BlockCount;
        return true;
    }

    internal void SetLength(int length) => Length = length;

    public readonly record struct BlockRef(BlockRefHeader Header, int ImageOffset, int DataOffset)
    {
        public bool HasImage => (Header.Flags & BlockFlags.HasImage) != 0;
        public bool WillInit => (Header.Flags & BlockFlags.WillInit) != 0;
    }
}
