using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public sealed class PropertiesTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Load(string text)
    {
        var parser = new ValueParser();
        parser.ApplyFile(_files.Write("x.properties", text));
        return Hocon.Compact(ConfigRenderer.ToJson(new Resolver(parser.Root, _ => null).ResolveRoot()));
    }

    [Theory]
    [InlineData("a.b=1\na.c : two\nd three", """{"a":{"b":"1","c":"two"},"d":"three"}""")]
    [InlineData("# comment\n! also\n\n  k = v  ", """{"k":"v  "}""")]
    [InlineData("k = one \\\n    two", """{"k":"one two"}""")]
    [InlineData("k = tab\\there \\u0041 back\\\\slash", """{"k":"tab\there A back\\slash"}""")]
    [InlineData("a = 1\na.b = 2", """{"a":{"b":"2"}}""")]
    [InlineData("key\\ with\\ spaces = x", """{"key with spaces":"x"}""")]
    public void ApplyFile_PropertiesSyntax_MapsToStringTree(string text, string json) => Assert.Equal(json, Load(text));

    [Fact]
    public void Include_WithoutExtension_FindsAPropertiesFile()
    {
        _files.Write("extra.properties", "p.q = 5");
        var config = Hocon.Parse("include \"extra\"\nr = ${p.q}", includeDirectory: _files.Dir);
        Assert.Equal(5, config.GetInt("r"));
    }
}
