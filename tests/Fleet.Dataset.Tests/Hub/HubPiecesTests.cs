using System.Text;
using System.Text.Json.Nodes;
using Fleet.Dataset.Hub;

namespace Fleet.Dataset.Tests.Hub;

public class HubPiecesTests
{
    [Fact]
    public void FromEnvironment_NoEndpointVariable_UsesHuggingFaceCoAndTheToken()
    {
        var options = HubOptions.FromEnvironment(name => name == "HF_TOKEN" ? " hf_abc \n" : null);

        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
        Assert.Equal("main", options.Revision);
    }

    [Fact]
    public void FromEnvironment_EndpointVariable_OverridesTheHub()
    {
        var options = HubOptions.FromEnvironment(name => name == "HF_TOKEN" ? "t" : "http://127.0.0.1:8080/");

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Endpoint);
    }

    [Fact]
    public void FromEnvironment_NoToken_ThrowsSayingHowToSetHfToken()
    {
        var e = Assert.Throws<HubException>(() => HubOptions.FromEnvironment(_ => null));

        Assert.Contains("HF_TOKEN is not set", e.Message);
        Assert.Contains("https://huggingface.co/settings/tokens", e.Message);
    }

    [Fact]
    public void FromEnvironment_EndpointNotHttp_ThrowsNamingTheVariable()
    {
        var e = Assert.Throws<HubException>(() => HubOptions.FromEnvironment(name => name == "HF_TOKEN" ? "t" : "ftp://hub"));

        Assert.Contains("HF_ENDPOINT='ftp://hub'", e.Message);
    }

    [Theory]
    [InlineData("fleet-lab/so101_pick.v2")]
    [InlineData("a/b")]
    public void Parse_ValidId_SplitsNamespaceAndName(string text)
    {
        var id = RepoId.Parse(text);

        Assert.Equal(text, id.ToString());
        Assert.Equal(text.Split('/')[0], id.Namespace);
    }

    [Theory]
    [InlineData("just-a-name")]
    [InlineData("a/b/c")]
    [InlineData("user/-name")]
    [InlineData("user/na me")]
    [InlineData("/name")]
    public void Parse_InvalidId_ThrowsShowingTheExpectedForm(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => RepoId.Parse(text));

        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains("user/name", e.Message);
    }

    [Fact]
    public void ToBytes_HeaderInlineAndLfsFiles_OneJsonObjectPerLineHeaderFirst()
    {
        var body = new CommitBuilder("Upload", "two files")
            .AddInline("meta/info.json", "{}"u8)
            .AddLfs("data/chunk-000/file-000.parquet", new string('a', 64), 1234)
            .ToBytes();

        var text = Encoding.UTF8.GetString(body);
        Assert.EndsWith("\n", text);
        var lines = text.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["header", "file", "lfsFile"], lines.Select(l => (string)l["key"]!));
        Assert.Equal("Upload", (string)lines[0]["value"]!["summary"]!);
        Assert.Equal("e30=", (string)lines[1]["value"]!["content"]!);
        Assert.Equal("base64", (string)lines[1]["value"]!["encoding"]!);
        Assert.Equal("sha256", (string)lines[2]["value"]!["algo"]!);
        Assert.Equal(1234, (long)lines[2]["value"]!["size"]!);
    }

    [Fact]
    public void AddInline_SamePathTwice_Throws()
    {
        var commit = new CommitBuilder("Upload").AddInline("a.json", "1"u8);

        var e = Assert.Throws<ArgumentException>(() => commit.AddLfs("a.json", new string('b', 64), 1));
        Assert.Contains("a.json", e.Message);
    }

    [Fact]
    public void Id_KnownContent_MatchesGitHashObject()
    {
        // `printf 'hello\n' | git hash-object --stdin`
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", GitBlob.Id("hello\n"u8));
    }
}
