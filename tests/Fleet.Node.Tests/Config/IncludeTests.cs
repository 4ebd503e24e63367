using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public sealed class IncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-include-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private FleetConfig Load(string relative) => Hocon.Parse(File.ReadAllText(Path.Combine(_dir, relative)), includeDirectory: Path.GetDirectoryName(Path.Combine(_dir, relative)));

    [Fact]
    public void Include_RelativeName_IsResolvedAgainstTheIncludingFile()
    {
        Write("conf/main.conf", "include \"parts/base.conf\"\nb = 2");
        Write("conf/parts/base.conf", "a = 1\ninclude \"more.conf\"");
        Write("conf/parts/more.conf", "m = 3");
        var parser = new ValueParserHarness(Path.Combine(_dir, "conf/main.conf"));
        Assert.Equal("""{"a":1,"m":3,"b":2}""", parser.Json);
    }

    [Fact]
    public void Include_InsideAnObject_FixesUpSubstitutionsToTheIncludePoint()
    {
        Write("foo.conf", "x = 10, y = ${x}");
        Write("main.conf", "a { include \"foo.conf\" }\na { x = 42 }");
        var config = Load("main.conf");
        Assert.Equal(42, config.GetInt("a.y"));
    }

    [Fact]
    public void Include_SubstitutionNotFoundAtIncludePoint_FallsBackToTheRoot()
    {
        Write("foo.conf", "y = ${top}");
        Write("main.conf", "top = 7\na { include \"foo.conf\" }");
        Assert.Equal(7, Load("main.conf").GetInt("a.y"));
    }

    [Theory]
    [InlineData("include file(\"part.conf\")")]
    [InlineData("include required(\"part.conf\")")]
    [InlineData("include required( file( \"part.conf\" ) )")]
    [InlineData("include \"part\"")]
    public void Include_Forms_ReadTheFile(string statement)
    {
        Write("part.conf", "p = 1");
        Write("main.conf", statement + "\nq = ${p}");
        Assert.Equal(1, Load("main.conf").GetInt("q"));
    }

    [Fact]
    public void Include_LaterKeysInIncludingFile_OverrideIncludedOnes()
    {
        Write("part.conf", "a { x = 1, y = 1 }");
        Write("main.conf", "a { x = 0 }\ninclude \"part.conf\"\na.y = 2");
        var config = Load("main.conf");
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Include_MissingOptionalFile_IsIgnored()
    {
        Write("main.conf", "include \"absent.conf\"\na = 1");
        Assert.Equal(1, Load("main.conf").GetInt("a"));
    }

    [Fact]
    public void Include_MissingRequiredFile_FailsAtTheIncludeLine()
    {
        Write("main.conf", "a = 1\ninclude required(\"absent.conf\")");
        var error = Assert.Throws<ConfigException.Parse>(() => Load("main.conf"));
        Assert.StartsWith("test.conf:2:1: required include \"absent.conf\" was not found", error.Message);
    }

    [Fact]
    public void Include_Cycle_FailsNamingTheFiles()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");
        var error = Assert.Throws<ConfigException.Parse>(() => new ValueParserHarness(Path.Combine(_dir, "a.conf")));
        Assert.Contains("include cycle", error.Message);
        Assert.Contains("b.conf", error.Message);
    }

    [Fact]
    public void Include_ErrorInIncludedFile_NamesThatFileLineAndColumn()
    {
        var part = Write("part.conf", "ok = 1\nbad = [1,,2]");
        Write("main.conf", "include \"part.conf\"");
        var error = Assert.Throws<ConfigException.Parse>(() => Load("main.conf"));
        Assert.StartsWith($"{part}:2:10:", error.Message);
    }

    [Fact]
    public void Include_Url_IsRejectedWithAHint()
    {
        Write("main.conf", "include url(\"http://example.com/x.conf\")");
        var error = Assert.Throws<ConfigException.Parse>(() => Load("main.conf"));
        Assert.Contains("not supported", error.Message);
    }

    /// <summary>Loads a file through the real file path (not text), as ConfigLoader does.</summary>
    private sealed class ValueParserHarness
    {
        public ValueParserHarness(string file)
        {
            var parser = new ValueParser();
            parser.ApplyFile(file);
            Json = Hocon.Compact(ConfigRenderer.ToJson(new Resolver(parser.Root, _ => null).ResolveRoot()));
        }

        public string Json { get; }
    }
}
