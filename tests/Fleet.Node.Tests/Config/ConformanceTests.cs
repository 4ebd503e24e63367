using System.Text.Json;
using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

/// <summary>Every .conf/.json of ../shared/conformance/hocon/equiv* must resolve to its folder's original.json.</summary>
public class ConformanceTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Conformance, "equiv*").Order())
            foreach (var file in Directory.GetFiles(dir).Order())
            {
                var name = Path.GetFileName(file);
                if (name != "original.json" && (name.EndsWith(".conf") || name.EndsWith(".json")))
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
        var actual = ConfigRenderer.ToJson(FleetConfig.Parse(File.ReadAllText(file), file, _ => null, Path.GetDirectoryName(file)).Root);
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.Null(JsonTree.Difference(e.RootElement, a.RootElement));
    }

    [Fact]
    public void Conformance_FolderList_IsNotEmpty()
    {
        Assert.True(Files().Count >= 10, $"expected the conformance files under {RepoPaths.Conformance}");
    }

    [Fact(Skip = "Java .properties syntax is not implemented by Fleet's parser; the conformance folders hold no .properties file today, so nothing is lost")]
    public void Load_PropertiesFile_EqualsOriginalJson()
    {
    }
}
