using System.Text.Json;
using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

/// <summary>Every .conf/.json/.properties of ../shared/conformance/hocon/equiv* must resolve to its folder's original.json.</summary>
public class ConformanceTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Conformance, "equiv*").Order())
            foreach (var file in Directory.GetFiles(dir).Order())
            {
                var name = Path.GetFileName(file);
                if (name != "original.json" && (name.EndsWith(".conf") || name.EndsWith(".json") || name.EndsWith(".properties")))
                    data.Add(Path.GetRelativePath(RepoPaths.Conformance, file));
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_ConformanceFile_EqualsOriginalJson(string relative)
    {
        var file = Path.Combine(RepoPaths.Conformance, relative);
        var expected = File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, "original.json"));
        var parser = new ValueParser();
        parser.ApplyFile(file); // by extension: HOCON for .conf/.json, Java syntax for .properties
        var actual = ConfigRenderer.ToJson(new Resolver(parser.Root, _ => null).ResolveRoot());
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.Null(JsonTree.Difference(e.RootElement, a.RootElement));
    }

    [Fact]
    public void Conformance_FolderList_IsNotEmpty()
    {
        Assert.True(Files().Count >= 10, $"expected the conformance files under {RepoPaths.Conformance}");
    }
}
