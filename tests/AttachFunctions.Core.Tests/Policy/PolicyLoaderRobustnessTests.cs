using System.Text.Json.Nodes;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>Load never throws for bad input: every value of the base policy replaced by values of every JSON type.</summary>
public sealed class PolicyLoaderRobustnessTests
{
    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => null,
        () => JsonValue.Create(5),
        () => JsonValue.Create(-1.5),
        () => JsonValue.Create(true),
        () => JsonValue.Create(""),
        () => JsonValue.Create("{"),
        () => new JsonArray(),
        () => new JsonObject(),
    ];

    [Fact]
    public void Load_AnyValueReplacedByAnyType_NeverThrows()
    {
        var pointers = new List<string>();
        Collect(Base(), "", pointers);
        var loads = 0;
        foreach (var pointer in pointers)
        {
            foreach (var replacement in Replacements)
            {
                var json = Mutate(r => Set(r, pointer, replacement()));
                var result = PolicyLoader.Load(json);
                Assert.All(result.Errors, e => Assert.StartsWith("$", e.Path, StringComparison.Ordinal));
                loads++;
            }
        }

        Assert.True(loads > 500, $"{loads} loads");
    }

    [Fact]
    public void Load_TruncatedDocument_ReportsOneErrorAndNeverThrows()
    {
        for (var length = 1; length < BaseJson.Length - 1; length += 7)
        {
            var result = PolicyLoader.Load(BaseJson[..length]);

            var error = Assert.Single(result.Errors);
            Assert.NotNull(error.Line);
        }
    }

    private static void Collect(JsonNode node, string pointer, List<string> pointers)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPointer = pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    pointers.Add(childPointer);
                    if (child is not null)
                    {
                        Collect(child, childPointer, pointers);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    pointers.Add($"{pointer}/{i}");
                    Collect(array[i]!, $"{pointer}/{i}", pointers);
                }

                break;
        }
    }
}
