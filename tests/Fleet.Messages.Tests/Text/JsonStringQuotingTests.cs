using System.Text.Json;
using Fleet.Messages.Text;

namespace Fleet.Messages.Tests.Text;

public sealed class JsonStringQuotingTests
{
    [Fact]
    public void Quote_EscapesOnlyWhatJsonRequires_AndKeepsNonAscii()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f é 日本 🤖\"", JsonStringQuoting.Quote("a\"b\\c\n\r\t\b\f\u0001\u001f é 日本 🤖"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("quote \" and \\ and \u0000 and \u007f and ÿ")]
    public void Quote_ReadsBackAsTheSameString(string value)
    {
        Assert.Equal(value, JsonSerializer.Deserialize<string>(JsonStringQuoting.Quote(value)));
    }
}
