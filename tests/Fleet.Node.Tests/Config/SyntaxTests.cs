using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public class SyntaxTests
{
    [Theory]
    [InlineData("a = 1 # hash comment\nb = 2", """{"a":1,"b":2}""")]
    [InlineData("a = 1 // slash comment\n// whole line\nb = 2", """{"a":1,"b":2}""")]
    [InlineData("a = \"# not a comment\"", """{"a":"# not a comment"}""")]
    [InlineData("a = \"http://x\" // c", """{"a":"http://x"}""")]
    public void Parse_Comments_AreIgnoredOutsideQuotes(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a\u00A0=\u2007b\u00A0c", """{"a":"b\u00A0c"}""")]
    [InlineData("\uFEFFa = 1\r\nb = 2\r\n", """{"a":1,"b":2}""")]
    [InlineData("", "{}")]
    [InlineData("# only a comment", "{}")]
    public void Parse_UnicodeWhitespaceAndLineEndings_AreWhitespace(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a = \"tab\\there \\u0041 \\\" \\\\ \\/\"", """{"a":"tab\there A \" \\ /"}""")]
    [InlineData("a = foo.bar-baz_1", """{"a":"foo.bar-baz_1"}""")]
    [InlineData("a = \"\"\"raw \\n \"quoted\" text\"\"\"", """{"a":"raw \\n \"quoted\" text"}""")]
    [InlineData("a = \"\"\"x\"\"\"\"", """{"a":"x\""}""")]
    [InlineData("a = \"\"\"line1\nline2\"\"\"", """{"a":"line1\nline2"}""")]
    public void Parse_Strings_DecodeAsSpecified(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a = 42", """{"a":42}""")]
    [InlineData("a = -1.5e3", """{"a":-1.5e3}""")]
    [InlineData("a = true, b = false, c = null", """{"a":true,"b":false,"c":null}""")]
    [InlineData("a = \"42\"", """{"a":"42"}""")]
    [InlineData("a = truefoo", """{"a":"truefoo"}""")]
    [InlineData("a = 10s", """{"a":"10s"}""")]
    public void Parse_SingleValues_KeepTheirType(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a = foo   bar  baz  ", """{"a":"foo   bar  baz"}""")]
    [InlineData("a = 1e5 x true", """{"a":"1e5 x true"}""")]
    [InlineData("a = \"x\" y\" z\"", """{"a":"x y z"}""")]
    [InlineData("a = [1, 2] [3]", """{"a":[1,2,3]}""")]
    [InlineData("a = { x = 1 } { y = 2 }", """{"a":{"x":1,"y":2}}""")]
    [InlineData("a = [ 1 2 3 ]", """{"a":["1 2 3"]}""")]
    [InlineData("a = [ [1] [2]\n [3] ]", """{"a":[[1,2],[3]]}""")]
    public void Parse_Concatenation_FollowsValueKinds(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a.b.c = 1", """{"a":{"b":{"c":1}}}""")]
    [InlineData("\"a.b\".c = 1", """{"a.b":{"c":1}}""")]
    [InlineData("a b c = 1", """{"a b c":1}""")]
    [InlineData("3.14 = 1", """{"3":{"14":1}}""")]
    [InlineData("true = 1", """{"true":1}""")]
    [InlineData("a.\"\".b = 1", """{"a":{"":{"b":1}}}""")]
    [InlineData("foo include = 1", """{"foo include":1}""")]
    public void Parse_PathKeys_ExpandToNestedObjects(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a : 1", """{"a":1}""")]
    [InlineData("a = 1", """{"a":1}""")]
    [InlineData("a { b = 1 }", """{"a":{"b":1}}""")]
    [InlineData("{ a = 1, }", """{"a":1}""")]
    [InlineData("a = [1,2,]", """{"a":[1,2]}""")]
    [InlineData("a = [\n1\n2\n]", """{"a":[1,2]}""")]
    [InlineData("a += 1\na += 2", """{"a":[1,2]}""")]
    [InlineData("a = 1\n, b = 2", """{"a":1,"b":2}""")]
    [InlineData("a = [1\n, 2\n]", """{"a":[1,2]}""")]
    [InlineData("a = [0]\na += 1", """{"a":[0,1]}""")]
    public void Parse_SeparatorsAndCommas_AreOptionalWhereTheSpecSays(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("a { x = 1 }\na { y = 2 }", """{"a":{"x":1,"y":2}}""")]
    [InlineData("a { x = 1 }\na = 5", """{"a":5}""")]
    [InlineData("a { x = 1 }\na = null\na { y = 2 }", """{"a":{"y":2}}""")]
    [InlineData("a { x { p = 1 } }\na.x.q = 2", """{"a":{"x":{"p":1,"q":2}}}""")]
    [InlineData("a = 1\na = 2", """{"a":2}""")]
    public void Parse_DuplicateKeys_MergeObjectsAndOverrideTheRest(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Fact]
    public void Parse_Values_RememberFileLineAndColumn()
    {
        var config = Hocon.Parse("a {\n  b = 1\n  c = [2]\n}");
        Assert.Equal(new ConfigOrigin("test.conf", 2, 7), config.OriginOf("a.b"));
        Assert.Equal("test.conf:3", config.OriginOf("a.c")!.ToFileLine());
    }
}
