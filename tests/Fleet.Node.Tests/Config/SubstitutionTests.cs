using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public class SubstitutionTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["HOME"] = "/home/op",
        ["FLEET_TOKEN"] = "s3cret",
        ["a.b"] = "dotted",
    };

    [Theory]
    [InlineData("a = ${b}\nb = 1", """{"a":1,"b":1}""")]
    [InlineData("a = x${b}y\nb = 1", """{"a":"x1y","b":1}""")]
    [InlineData("a = ${b.c} is here\nb.c = it", """{"a":"it is here","b":{"c":"it"}}""")]
    [InlineData("b { c = 1 }\na = ${b}", """{"b":{"c":1},"a":{"c":1}}""")]
    [InlineData("gen { size = 6 }\neast = ${gen} { name = east }", """{"gen":{"size":6},"east":{"size":6,"name":"east"}}""")]
    [InlineData("x = [1]\ny = ${x} [2]", """{"x":[1],"y":[1,2]}""")]
    [InlineData("a = ${?nope}", """{}""")]
    [InlineData("a = 1\na = ${?nope}", """{"a":1}""")]
    [InlineData("a = [1, ${?nope}, 2]", """{"a":[1,2]}""")]
    [InlineData("a = x${?nope}y", """{"a":"xy"}""")]
    public void Resolve_ForwardSubstitutions_UseTheFinalValue(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Theory]
    [InlineData("path = \"a:b\"\npath = ${path}\":c\"", """{"path":"a:b:c"}""")]
    [InlineData("path = [/bin]\npath = ${path} [/usr/bin]", """{"path":["/bin","/usr/bin"]}""")]
    [InlineData("a = ${?a}foo", """{"a":"foo"}""")]
    [InlineData("foo = ${?foo}", """{}""")]
    [InlineData("foo = ${foo}\nfoo = 42", """{"foo":42}""")]
    [InlineData("foo = ${does-not-exist}\nfoo = 42", """{"foo":42}""")]
    [InlineData("foo { a { c = 1 } }\nfoo = ${foo.a}\nfoo { a = 2 }", """{"foo":{"a":2,"c":1}}""")]
    [InlineData("foo { a = 1 }\nfoo = ${foo}", """{"foo":{"a":1}}""")]
    [InlineData("a { b = 1 }\na { b = ${a.b}0 }", """{"a":{"b":"10"}}""")]
    [InlineData("x = 1\nx = ${x}2\nx = ${x}3", """{"x":"123"}""")]
    public void Resolve_SelfReferences_LookBackward(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Fact]
    public void Resolve_ObjectReferringToItsOwnField_LooksForward()
    {
        Assert.Equal("""{"bar":{"foo":43,"baz":43}}""", Hocon.Json("bar { foo = 42, baz = ${bar.foo} }\nbar { foo = 43 }"));
    }

    [Fact]
    public void Resolve_InheritedObjectReferringToItsOwnField_LooksIntoItsLayers()
    {
        var config = Hocon.Parse("east = ${generic} { name = east, full = ${east.name}-dc }\ngeneric { size = 6 }");
        Assert.Equal("east-dc", config.GetString("east.full"));
        Assert.Equal(6, config.GetInt("east.size"));
        // A key that only the substitution layer holds would need that layer resolved first: Fleet reports the cycle.
        Assert.Contains("substitution cycle", Hocon.Fails("e = ${g} { n = ${e.size} }\ng { size = 6 }").Message);
    }

    [Fact]
    public void Resolve_MutuallyReferringObjects_Resolve()
    {
        var config = Hocon.Parse("bar { a = ${foo.d}, b = 1 }\nbar.b = 3\nfoo { c = ${bar.b}, d = 2 }\nfoo.d = 4");
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Resolve_OverridesReferringToEachOther_FailAsCycle()
    {
        // The spec leaves this order-dependent case open and names an error as the ideal outcome.
        Assert.Contains("substitution cycle", Hocon.Fails("a = 1\nb = 2\na = ${b}\nb = ${a}").Message);
    }

    [Fact]
    public void Resolve_SameSubstitutionTwice_IsResolvedOnce()
    {
        var config = Hocon.Parse("shared = ${base} { extra = 1 }\nbase { x = 1 }\nuse1 = ${shared}\nuse2 = ${shared}");
        Assert.Same(config.GetValueOrNull("use1"), config.GetValueOrNull("use2"));
    }

    [Theory]
    [InlineData("home = ${HOME}", """{"home":"/home/op"}""")]
    [InlineData("token = \"\"\ntoken = ${?FLEET_TOKEN}", """{"token":"s3cret"}""")]
    [InlineData("token = \"\"\ntoken = ${?FLEET_UNSET}", """{"token":""}""")]
    [InlineData("HOME = null\nh = ${HOME}", """{"HOME":null,"h":null}""")]
    [InlineData("x = ${a.b}", """{"x":"dotted"}""")]
    [InlineData("p = ${HOME}/bin", """{"p":"/home/op/bin"}""")]
    public void Resolve_PathMissingFromConfig_FallsBackToEnvironment(string text, string json) => Assert.Equal(json, Hocon.Json(text, Env));

    [Fact]
    public void Resolve_EnvironmentValue_RemembersWhereItCameFrom()
    {
        Assert.Equal("environment variable HOME", Hocon.Parse("h = ${HOME}", Env).OriginOf("h")!.Description);
    }

    [Theory]
    [InlineData("a = ${b}\nb = ${a}", "substitution cycle: ${b} at test.conf:1:5 -> ${a} at test.conf:2:5")]
    [InlineData("a = ${b}\nb = ${c}\nc = ${a}", "${b} at test.conf:1:5 -> ${c} at test.conf:2:5 -> ${a} at test.conf:3:5")]
    [InlineData("a { b = ${a} }", "substitution cycle: ${a} at test.conf:1:9")]
    public void Resolve_Cycle_FailsNamingEveryLink(string text, string expected)
    {
        var error = Hocon.Fails(text);
        Assert.IsAssignableFrom<ConfigException.Parse>(error);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("a = ${nope}", "test.conf:1:5: ${nope} is missing")]
    [InlineData("foo = ${foo}", "test.conf:1:7: ${foo} is missing: the substitution cannot be resolved: it refers to itself")]
    [InlineData("a = [${nope.deeper}]", "test.conf:1:6: ${nope.deeper} is missing")]
    public void Resolve_UndefinedRequiredSubstitution_FailsAsMissing(string text, string expected)
    {
        var error = Hocon.Fails(text);
        Assert.IsType<ConfigException.Missing>(error);
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Resolve_OptionalSubstitutionInACycle_IsUndefined()
    {
        Assert.Equal("""{"a":"x","b":"x"}""", Hocon.Json("a = ${?b}\nb = x${?a}"));
    }

    [Fact]
    public void Resolve_PlusEqualsOnNonArray_FailsClearly()
    {
        var error = Hocon.Fails("a = 1\na += 2");
        Assert.Contains("cannot concatenate list with a string", error.Message);
    }
}
