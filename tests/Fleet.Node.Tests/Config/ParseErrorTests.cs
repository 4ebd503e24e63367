using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public class ParseErrorTests
{
    [Theory]
    [InlineData("a = ", "test.conf:1:5", "expected a value for the key 'a' but found end of file")]
    [InlineData("a = [1,,2]", "test.conf:1:8", "two commas in a row")]
    [InlineData("a = [,1]", "test.conf:1:6", "expected an array element or ']' but found ','")]
    [InlineData("{ a = 1", "test.conf:1:8", "expected '}' to close the object opened at test.conf:1:1")]
    [InlineData("a = [1, 2", "test.conf:1:10", "']' to close the array")]
    [InlineData("x = 1\nfoo bar\n", "test.conf:3:1", "expected ':', '=', '+=' or '{' after the key '\"foo bar\"' but found end of file")]
    [InlineData("a = \"abc", "test.conf:1:5", "expected a closing '\"'")]
    [InlineData("a = \"abc\ndef\"", "test.conf:1:9", "before the end of the line")]
    [InlineData("a = \"\\q\"", "test.conf:1:6", "expected an escape")]
    [InlineData("a..b = 1", "test.conf:1:1", "path element is empty")]
    [InlineData("a = $x", "test.conf:1:5", "expected '{' after '$'")]
    [InlineData("a = ${b", "test.conf:1:5", "expected '}' to close this substitution")]
    [InlineData("[1, 2]", "test.conf:1:1", "expected an object at the root")]
    [InlineData("a = 1 }", "test.conf:1:7", "expected ',' or a new line after the field but found '}'")]
    [InlineData("a = b = c", "test.conf:1:7", "put text holding '=' in double quotes")]
    [InlineData("a = 1 2 { b = 1 }", "test.conf:1:9", "cannot concatenate object with a string")]
    [InlineData("include foo", "test.conf:1:12", "a quoted file name after 'include'")]
    [InlineData("a = \"\"\"abc", "test.conf:1:5", "closing \"\"\"")]
    [InlineData("a = x\n\n  ?", "test.conf:3:3", "reserved")]
    public void Parse_BadText_FailsWithFileLineColumnAndWhatWasExpected(string text, string origin, string expected)
    {
        var error = Hocon.Fails(text);
        Assert.StartsWith(origin + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_BadText_RaisesTheParseSubtype()
    {
        var error = Hocon.Fails("a = [");
        Assert.IsType<ConfigException.Parse>(error);
        Assert.Equal(1, error.Origin!.Line);
    }
}
