using System.Text.Json;
using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public class RendererTests
{
    private const string Sample = """
        a { "dotted.key" = 1, s = "line\nbreak \"q\"", n = 1e5, z = "007" }
        list = [1, "two", { x = [true, null] }, []]
        empty {}
        "" = blank-key
        "include" = 3
        """;

    [Fact]
    public void ToHocon_Output_ParsesBackToTheSameTree()
    {
        var original = Hocon.Parse(Sample);
        var again = Hocon.Parse(ConfigRenderer.ToHocon(original.Root, origins: true));
        using var e = JsonDocument.Parse(ConfigRenderer.ToJson(original.Root));
        using var a = JsonDocument.Parse(ConfigRenderer.ToJson(again.Root));
        Assert.Null(JsonTree.Difference(e.RootElement, a.RootElement));
    }

    [Fact]
    public void ToJson_Numbers_KeepTheirWrittenForm()
    {
        var json = Hocon.Compact(ConfigRenderer.ToJson(Hocon.Parse(Sample).Root));
        Assert.Contains("\"n\":1e5", json);
        Assert.Contains("\"z\":\"007\"", json);
    }

    [Fact]
    public void ToHocon_WithOrigins_AnnotatesEveryValue()
    {
        var text = ConfigRenderer.ToHocon(Hocon.Parse("a {\n  b = 1\n}\nc = [2]").Root, origins: true);
        Assert.Equal("a {\n    b = 1  # test.conf:2\n}\nc = [2]  # test.conf:4\n", text);
    }
}
