using System.Text.Json.Nodes;
using Fleet.Dataset.Meta;

namespace Fleet.Dataset.Tests.Meta;

public class PythonJsonTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(20.0, "20.0")]
    [InlineData(19.96666717529297, "19.96666717529297")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(-0.0, "-0.0")]
    public void FloatRepr_Value_MatchesPythonRepr(double value, string expected) => Assert.Equal(expected, PythonJson.FloatRepr(value));

    [Fact]
    public void FloatRepr_Float32Value_PrintsItsDoubleExpansionLikeNumpyTolist() =>
        Assert.Equal("19.96666717529297", PythonJson.FloatRepr((float)19.966667));

    [Fact]
    public void Serialize_NestedObject_MatchesJsonDumpIndent4()
    {
        var node = new JsonObject
        {
            ["a"] = new JsonArray(1, 2),
            ["b"] = new JsonObject(),
            ["c"] = new JsonArray(),
            ["d"] = null,
            ["é"] = "ü\"\n",
            ["f"] = 1.0,
            ["t"] = true,
        };
        Assert.Equal("{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": {},\n    \"c\": [],\n    \"d\": null,\n    \"é\": \"ü\\\"\\n\",\n    \"f\": 1.0,\n    \"t\": true\n}",
            PythonJson.Serialize(node));
    }

    [Fact]
    public void Serialize_ParsedJson_KeepsIntsAndFloatsApart() =>
        Assert.Equal("{\n    \"i\": 3,\n    \"x\": 3.0\n}", PythonJson.Serialize(JsonNode.Parse("{\"i\": 3, \"x\": 3.0}")));
}
