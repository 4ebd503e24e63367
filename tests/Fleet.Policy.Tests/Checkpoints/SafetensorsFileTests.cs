using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Checkpoints;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task WriteThenOpen_Float32Tensors_RoundTrip()
    {
        string path = _dir.File("a.safetensors");
        await SafetensorsWriter.WriteAsync(path, [new("x", [2, 3], new float[] { 1, 2, 3, 4, 5, 6 }), new("y", [], new float[] { 7 })],
            CancellationToken.None, new Dictionary<string, string> { ["format"] = "pt" });
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([1f, 2, 3, 4, 5, 6], file.ReadFloat32("x", 2, 3));
        Assert.Equal([7f], file.ReadFloat32("y"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(0, (new FileInfo(path).Length - 8 - 7 * 4) % 8);
    }

    [TorchFact]
    public void ReadFloat32_EveryDtypeWrittenByTorch_WidensExactly()
    {
        string path = _dir.File("dtypes.safetensors");
        PythonReference.Run("dtypes", "--out", path);
        using var file = SafetensorsFile.Open(path);
        foreach (var name in new[] { "f16", "bf16", "f64", "i64", "i32", "i16", "i8", "u8", "bool" })
            Assert.Equal(file.ReadFloat32(name + ".expected"), file.ReadFloat32(name));
        Assert.Equal(SafetensorsDType.BF16, file.Info("bf16").DType);
    }

    [Fact]
    public void Open_MissingFile_SaysNotFound()
    {
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(_dir.File("nope.safetensors")));
        Assert.Contains("nope.safetensors: file not found", e.Message);
    }

    [Fact]
    public void Open_TooShort_SaysTruncated()
    {
        File.WriteAllBytes(_dir.File("short"), [1, 2, 3]);
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(_dir.File("short")));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Open_HeaderLengthBeyondFile_SaysTruncated()
    {
        RawSafetensors.Write(_dir.File("h"), "{}", 0, claimedHeaderLength: 4096);
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(_dir.File("h")));
        Assert.Contains("claims 4096 bytes", e.Message);
    }

    [Fact]
    public void Open_DataCutShort_NamesTensorAndSaysTruncated()
    {
        RawSafetensors.Write(_dir.File("t"), """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 10);
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(_dir.File("t")));
        Assert.Contains("tensor 'w'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}}""", 12, "needs 16 bytes")]
    [InlineData("""{"w":{"dtype":"Q4","shape":[4],"data_offsets":[0,16]}}""", 16, "unknown dtype 'Q4'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,16]}}""", 16, "invalid shape")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4]}}""", 16, "data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlapping")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "hole")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 12, "trailing bytes")]
    [InlineData("""{"a": [1, 2""", 0, "not valid JSON")]
    [InlineData("""[1, 2]""", 0, "must be a JSON object")]
    public void Open_CorruptHeader_ExplainsWhatIsWrong(string header, int dataBytes, string expected)
    {
        RawSafetensors.Write(_dir.File("c"), header, dataBytes);
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(_dir.File("c")));
        Assert.Contains(expected, e.Message);
        Assert.Contains(_dir.File("c"), e.Message);
    }

    [Fact]
    public async Task ReadFloat32_WrongShapeOrMissingKey_NamesKeyAndShapes()
    {
        string path = _dir.File("s.safetensors");
        await SafetensorsWriter.WriteAsync(path, [new("model.w", [2, 2], new float[4])], CancellationToken.None);
        using var file = SafetensorsFile.Open(path);
        var shape = Assert.Throws<CheckpointException>(() => file.ReadFloat32("model.w", 4));
        Assert.Contains("'model.w' has shape [2, 2] but [4] was expected", shape.Message);
        var missing = Assert.Throws<CheckpointException>(() => file.ReadFloat32("model.b"));
        Assert.Contains("no tensor 'model.b'", missing.Message);
    }

    public void Dispose() => _dir.Dispose();
}
