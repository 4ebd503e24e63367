using System.Text;
using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

/// <summary>
/// Mutated real configs must either load or fail with a <see cref="ConfigException"/>: never another
/// exception type, never a hang. Seeded, so a failure reproduces; bounded to a few thousand inputs.
/// </summary>
public class FuzzTests
{
    private const string Specials = "{}[]:=,+#\"$?\n/ \t.\\u0041${}${?";

    private static IReadOnlyList<string> Corpus() =>
        Directory.GetFiles(RepoPaths.Conformance, "*.conf", SearchOption.AllDirectories)
            .Append(Path.Combine(RepoPaths.Root, "hocon", "fleet.conf"))
            .Select(File.ReadAllText)
            .Append("a = ${b}\nb = ${?c} [1]\nc += 2\nd = ${a} ${b}\ne { f = ${e.g}, g = 1 }\nh = \"\"\"x\"\"\"\"")
            .ToList();

    [Fact]
    public void Parse_MutatedConfigs_OnlyEverRaiseConfigException()
    {
        var corpus = Corpus();
        var random = new Random(20261121);
        var loaded = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = Mutate(corpus[random.Next(corpus.Count)], random);
            try
            {
                var config = FleetConfig.Parse(text, "fuzz.conf", _ => null);
                var json = ConfigRenderer.ToJson(config.Root);
                // Whatever loads must render to HOCON that reads back as the same tree.
                var again = ConfigRenderer.ToJson(Hocon.Parse(ConfigRenderer.ToHocon(config.Root, origins: true)).Root);
                loaded++;
                Assert.True(json == again, $"input #{i} does not survive a HOCON round trip\n--- input ---\n{text}\n--- json ---\n{json}\n--- again ---\n{again}");
            }
            catch (ConfigException)
            {
                // the expected way for a broken input to fail
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"input #{i} raised {e.GetType().Name}: {e.Message}\n--- input ---\n{text}");
            }
        }
        // Enough inputs must survive mutation for the round-trip check to mean something.
        Assert.True(loaded > 800, $"only {loaded} of 4000 mutated inputs loaded");
    }

    [Fact]
    public void Parse_AbsurdNesting_FailsCleanly()
    {
        var error = Assert.Throws<ConfigException.Parse>(() => Hocon.Parse("a = " + new string('[', 100_000)));
        Assert.Contains("nested more than", error.Message);
    }

    private static string Mutate(string text, Random random)
    {
        var sb = new StringBuilder(text);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && sb.Length > 0; e++)
        {
            var at = random.Next(sb.Length);
            switch (random.Next(4))
            {
                case 0: sb.Remove(at, Math.Min(sb.Length - at, random.Next(1, 4))); break;
                case 1: sb.Insert(at, Specials[random.Next(Specials.Length)]); break;
                case 2: sb.Insert(at, sb.ToString(random.Next(sb.Length), 1)); break;
                default: sb.Length = at; break;
            }
        }
        return sb.ToString();
    }
}
