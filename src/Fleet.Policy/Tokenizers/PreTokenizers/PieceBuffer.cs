using System.Buffers;

namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>INTERNAL API. A piece of pre-tokenized text: a range of <see cref="PieceBuffer"/>'s characters.</summary>
internal readonly record struct Piece(int Start, int Length);

/// <summary>
/// INTERNAL API. The working storage of one pre-tokenization: a character buffer and the list of pieces the text has
/// been split into so far. Each pre-tokenizer runs one or more passes: <see cref="BeginPass"/>, then for every current
/// piece either <see cref="Keep"/> sub-ranges of it or write new characters (<see cref="Reserve"/> +
/// <see cref="Commit"/>), then <see cref="EndPass"/>. New characters go after the old ones, so the spans a pass reads
/// stay valid while it writes, provided it called <see cref="EnsureSpare"/> first. Arrays come from the shared pool
/// and go back on <see cref="Dispose"/>: one encode allocates nothing here once the pool is warm.
/// </summary>
internal sealed class PieceBuffer : IDisposable
{
    private char[] _chars;
    private int _used;
    private Piece[] _pieces;
    private int _count;
    private Piece[] _next;
    private int _nextCount;
    private int _reservedAt = -1;

    public PieceBuffer(int capacity = 256)
    {
        _chars = ArrayPool<char>.Shared.Rent(capacity);
        _pieces = ArrayPool<Piece>.Shared.Rent(32);
        _next = ArrayPool<Piece>.Shared.Rent(32);
    }

    /// <summary>The number of pieces.</summary>
    public int Count => _count;

    /// <summary>The text of piece <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_pieces[index].Start, _pieces[index].Length);

    /// <summary>Starts over with <paramref name="text"/> as the only piece (none when it is empty).</summary>
    public void Reset(ReadOnlySpan<char> text)
    {
        _used = 0;
        _count = 0;
        if (text.IsEmpty) return;
        EnsureSpare(text.Length);
        text.CopyTo(_chars);
        _used = text.Length;
        _pieces[0] = new Piece(0, text.Length);
        _count = 1;
    }

    /// <summary>Makes room for <paramref name="chars"/> more characters; call only between passes or before reading.</summary>
    public void EnsureSpare(int chars)
    {
        if (_used + chars <= _chars.Length) return;
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _used + chars));
        _chars.AsSpan(0, _used).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = bigger;
    }

    public void BeginPass() => _nextCount = 0;

    /// <summary>Keeps the sub-range [<paramref name="offset"/>, +<paramref name="length"/>) of piece <paramref name="index"/>.</summary>
    public void Keep(int index, int offset, int length)
    {
        if (length > 0) Push(new Piece(_pieces[index].Start + offset, length));
    }

    /// <summary>Room for a new piece of at most <paramref name="maxLength"/> characters (reserved by <see cref="EnsureSpare"/>).</summary>
    public Span<char> Reserve(int maxLength)
    {
        if (_used + maxLength > _chars.Length)
            throw new InvalidOperationException($"PieceBuffer: {maxLength} characters asked for but only {_chars.Length - _used} were reserved.");
        _reservedAt = _used;
        return _chars.AsSpan(_used, maxLength);
    }

    /// <summary>Adds the first <paramref name="length"/> characters written into the last <see cref="Reserve"/> as a piece.</summary>
    public void Commit(int length)
    {
        if (length > 0) Push(new Piece(_reservedAt, length));
        _used = _reservedAt + length;
        _reservedAt = -1;
    }

    public void EndPass()
    {
        (_pieces, _next) = (_next, _pieces);
        _count = _nextCount;
    }

    /// <summary>The total length of the current pieces.</summary>
    public int TotalLength()
    {
        int total = 0;
        for (int i = 0; i < _count; i++) total += _pieces[i].Length;
        return total;
    }

    private void Push(Piece piece)
    {
        if (_nextCount == _next.Length)
        {
            var bigger = ArrayPool<Piece>.Shared.Rent(_next.Length * 2);
            _next.AsSpan().CopyTo(bigger);
            ArrayPool<Piece>.Shared.Return(_next);
            _next = bigger;
        }
        _next[_nextCount++] = piece;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<Piece>.Shared.Return(_pieces);
        ArrayPool<Piece>.Shared.Return(_next);
        _chars = [];
        _pieces = _next = [];
    }
}
