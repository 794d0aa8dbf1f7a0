namespace TornPages.Engine.Pages;

/// <summary>A tuple id: block number and line-pointer index.</summary>
public readonly record struct Tid(uint Block, ushort Item)
{
    /// <summary>(relation, block, item) packed in one long, for sets and maps of tids across tables.</summary>
    public long Key(byte rel) => ((long)rel << 48) | ((long)Item << 32) | Block;

    public override string ToString() => $"({Block},{Item})";
}
