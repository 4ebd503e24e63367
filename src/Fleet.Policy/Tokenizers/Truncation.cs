namespace Fleet.Policy.Tokenizers;

/// <summary>INTERNAL API. How many of each text's tokens survive truncation to a budget (right side cut).</summary>
internal static class Truncation
{
    /// <summary>
    /// Token counts to keep of texts of <paramref name="a"/> and <paramref name="b"/> tokens within
    /// <paramref name="budget"/>. For a pair, longest-first: the shorter text keeps what it can up to an even share,
    /// the longer one gets the rest (the reference library's <c>longest_first</c>).
    /// </summary>
    public static (int A, int B) Lengths(int a, int b, bool pair, int budget)
    {
        if (!pair || a + b <= budget) return (Math.Min(a, budget), pair ? b : 0);
        bool swap = a > b;
        int shorter = swap ? b : a, longer = swap ? a : b;
        int n1 = shorter, n2;
        if (n1 > budget) n2 = n1;
        else n2 = Math.Max(n1, budget - n1);
        if (n1 + n2 > budget)
        {
            n1 = budget / 2;
            n2 = n1 + budget % 2;
        }
        n1 = Math.Min(n1, shorter);
        n2 = Math.Min(n2, longer);
        return swap ? (n2, n1) : (n1, n2);
    }
}
