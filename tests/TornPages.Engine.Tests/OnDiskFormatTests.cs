using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Index;
using TornPages.Engine.Pages;
using TornPages.Engine.Strategies;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Tests;

/// <summary>
/// Every on-disk format is one explicit-layout struct. Its size is pinned here, so a field added or
/// moved by accident changes a figure a reader of old files depends on and fails a test.
/// </summary>
public class OnDiskFormatTests
{
    public static TheoryData<Type, int> Formats => new()
    {
        { typeof(PageHeader), 24 },
        { typeof(HeapTupleHeader), 24 },
        { typeof(PageId), 8 },
        { typeof(InitOp), 3 },
        { typeof(PutItemOp), 10 },
        { typeof(StampOp), 14 },
        { typeof(SetLpOp), 5 },
        { typeof(IdxInsertOp), 4 },
        { typeof(IdxDeleteOp), 2 },
        { typeof(OverwriteOp), 7 },
        { typeof(WriteRawOp), 4 },
        { typeof(AddTupleOp), 5 },
        { typeof(AddTupleDeltaOp), 11 },
        { typeof(StampTupleOp), 10 },
        { typeof(IndexTuple), 16 },
        { typeof(IndexSpecial), 16 },
        { typeof(IndexMeta), 8 },
        { typeof(WalPageHeader), 24 },
        { typeof(WalRecordHeader), 24 },
        { typeof(BlockHeader), 4 },
        { typeof(BlockImageHeader), 5 },
        { typeof(RelFileNode), 12 },
        { typeof(CommitData), 8 },
        { typeof(CheckpointData), 12 },
        { typeof(RunningXactsData), 24 },
        { typeof(ControlData), 160 },
        { typeof(DoubleWriteBatchHeader), 16 },
        { typeof(DoubleWriteEntryHeader), 24 },
        { typeof(ShadowMapHeader), 20 },
        { typeof(ShadowMapEntry), 8 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_format_occupies_exactly_its_declared_size(Type format, int bytes)
    {
        var sizeOf = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(format);
        Assert.Equal(bytes, (int)sizeOf.Invoke(null, null)!);
        Assert.Equal(bytes, (int)format.GetField("Size")!.GetValue(null)!);
    }

    [Fact]
    public void Every_explicit_layout_struct_of_the_engine_is_a_format_pinned_here()
    {
        var pinned = Formats.Select(row => (Type)row[0]).ToHashSet();
        var unpinned = typeof(Database).Assembly.GetTypes()
            .Where(t => t.IsValueType && t.StructLayoutAttribute?.Value == LayoutKind.Explicit && !pinned.Contains(t))
            .Select(t => t.Name)
            .ToList();
        Assert.True(unpinned.Count == 0, $"explicit-layout structs without a size test: {string.Join(", ", unpinned)}");
    }

    [Fact]
    public void A_page_op_is_its_code_followed_by_its_payload_struct()
    {
        var w = new PageOpWriter();
        w.PutItem(lp: 3, offset: 8000, lower: 40, upper: 8000, item: [0xAA, 0xBB]);
        w.Stamp(tupleOffset: 8000, xmax: 0x01020304, ctidBlock: 7, ctidItem: 5, infomask: HeapInfo.HotUpdated);
        byte[] expected =
        [
            (byte)PageOp.PutItem, 3, 0, 0x40, 0x1F, 2, 0, 40, 0, 0x40, 0x1F, 0xAA, 0xBB,
            (byte)PageOp.Stamp, 0x40, 0x1F, 4, 3, 2, 1, 7, 0, 0, 0, 5, 0, (byte)HeapInfo.HotUpdated, (byte)((ushort)HeapInfo.HotUpdated >> 8),
        ];
        Assert.Equal(expected, w.Written.ToArray());
    }
}
