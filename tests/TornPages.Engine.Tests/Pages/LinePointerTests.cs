using TornPages.Engine.Pages;

namespace TornPages.Engine.Tests.Pages;

public class LinePointerTests
{
    [Fact]
    public void Finding_pointers_in_a_state_gives_the_first_or_the_next_32_from_where_the_search_starts_for_any_count()
    {
        var rng = new Random(3);
        var page = new byte[8192];
        // Counts around the eight-at-a-time step, and a page's worth; states drawn so that some runs hold none of a state.
        foreach (int count in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 200 })
            for (int trial = 0; trial < 20; trial++)
            {
                var states = new LpState[count];
                var rare = (LpState)rng.Next(4);
                for (int i = 0; i < count; i++)
                {
                    var s = (LpState)rng.Next(4);
                    states[i] = s == rare && rng.Next(8) != 0 ? (LpState)(((int)s + 1) % 4) : s;
                    LinePointer.Set(page, i, new LinePointer(rng.Next(0x8000), states[i], rng.Next(0x8000)));
                }
                foreach (LpState state in Enum.GetValues<LpState>())
                    for (int from = 0; from <= count; from++)
                    {
                        int expected = from;
                        while (expected < count && states[expected] != state) expected++;
                        Assert.Equal(expected, LinePointer.NextInState(page, count, from, state));
                    }
                Assert.Equal(Array.IndexOf(states, LpState.Unused) is var u && u >= 0 ? u : count, LinePointer.FirstUnused(page, count));
                var words = LinePointer.Words((ReadOnlySpan<byte>)page, count);
                foreach (LpState state in Enum.GetValues<LpState>())
                    for (int from = 0; from < count; from += rng.Next(1, 33))
                    {
                        uint expected = 0;
                        for (int k = 0; k < 32 && from + k < count; k++)
                            if (states[from + k] == state) expected |= 1u << k;
                        Assert.Equal(expected, LinePointer.InState(words, from, state));
                    }
            }
    }

    [Fact]
    public void A_raw_pointer_word_gives_back_the_offset_state_and_length_it_was_set_with()
    {
        var page = new byte[8192];
        LinePointer.Set(page, 3, new LinePointer(0x7FF8, LpState.Dead, 0x7FFF));
        uint raw = LinePointer.Raw(page, 3);
        Assert.Equal(0x7FF8, LinePointer.OffsetOf(raw));
        Assert.Equal(LpState.Dead, LinePointer.StateOf(raw));
        Assert.Equal(0x7FFF, LinePointer.LengthOf(raw));
        Assert.Equal(raw, LinePointer.FromLittleEndian(LinePointer.Words(page, 4)[3]));
    }
}
