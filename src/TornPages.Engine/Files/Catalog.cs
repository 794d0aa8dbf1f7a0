namespace TornPages.Engine.Files;

public enum RelKind : byte
{
    Heap = 0,
    Index = 1,
}

/// <summary>A table or index: one data file of pages.</summary>
/// <param name="Heap">For an index, the id of the table it indexes (its key is the table's first int4 column).</param>
/// <param name="FillFactor">Percent of a page filled by the initial load (heap) or index build (leaves).</param>
public sealed record Relation(byte Id, string Name, RelKind Kind, byte Heap = 0, int FillFactor = 100)
{
    public string FileName => "rel_" + Name;
}

/// <summary>The relations of a database, indexed by id (ids are dense from 0).</summary>
public sealed class Catalog
{
    private readonly Relation[] _rels;
    private readonly Relation?[] _indexOf;

    public Catalog(IEnumerable<Relation> relations)
    {
        _rels = relations.OrderBy(r => r.Id).ToArray();
        for (int i = 0; i < _rels.Length; i++)
            if (_rels[i].Id != i) throw new ArgumentException("relation ids must be dense from 0");
        // Every row access asks for its table's index: answer from a table, not a search.
        _indexOf = new Relation?[_rels.Length];
        foreach (var r in _rels)
            if (r.Kind == RelKind.Index) _indexOf[r.Heap] = r;
    }

    public Relation this[byte id] => _rels[id];
    public IReadOnlyList<Relation> All => _rels;
    public int Count => _rels.Length;

    public Relation ByName(string name) =>
        _rels.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"no relation {name}");

    /// <summary>The index on <paramref name="heap"/>, if it has one.</summary>
    public Relation? IndexOf(byte heap) => _indexOf[heap];
}
