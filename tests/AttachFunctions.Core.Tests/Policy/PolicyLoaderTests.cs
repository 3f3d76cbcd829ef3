using System.Text.Json;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Policy;
using AttachFunctions.TestSupport;
using Json.Schema;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

public sealed class PolicyLoaderTests
{
    [Fact]
    public void LoadFile_SamplePolicy_IsValid()
    {
        var result = PolicyLoader.LoadFile(RepoPaths.Combine("samples", "policy.json"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var policy = result.Policy!;
        Assert.Equal(2, policy.Rules.Count);
        Assert.Equal(ClusterKindFilter.Aks, policy.Rules[0].Match.Kind);
        Assert.Equal("enabled", policy.Rules[0].Match.Tags["ml"]);
        Assert.Equal(NamespaceAccessStrategy.ManagedNamespace, policy.Rules[0].NamespaceAccess!.Strategy);
        Assert.Equal(NamespaceAccessStrategy.KeyVaultKubeconfig, policy.Rules[1].NamespaceAccess!.Strategy);
        Assert.Equal("https://kv-attach.vault.azure.net/", policy.Rules[1].NamespaceAccess!.KeyVault!.VaultUri);
        var prod = policy.Rules[0].Attachments[1];
        Assert.Equal(ComputeIdentityType.UserAssigned, prod.Identity.Type);
        Assert.Single(prod.Identity.UserAssignedIdentities);
        Assert.Equal(OnClusterDelete.Keep, prod.OnClusterDelete);
        Assert.Equal("1", policy.Rules[0].Attachments[0].InstanceTypes["gpu-a100"].Limits!.NvidiaGpu);
        Assert.Equal(OnClusterDelete.Detach, policy.Rules[1].Attachments[0].OnClusterDelete);
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsOneErrorNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-af", "policy.json");

        var result = PolicyLoader.LoadFile(path);

        var error = Assert.Single(result.Errors);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Load_MalformedJson_ReportsOneErrorWithLine()
    {
        const string json = "{\n  \"version\": 1,\n  \"scope\": { \"subscriptions\": [] \n  \"rules\": []\n}";

        var result = PolicyLoader.Load(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("$ (line 4, col ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{")]
    [InlineData("{\"version\": 1, /* comment */ \"rules\": []}")]
    public void Load_NotAPolicy_ReportsErrorsWithoutThrowing(string json)
    {
        var result = PolicyLoader.Load(json);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOne()
    {
        var json = Mutate(r =>
        {
            r["foo"] = true;
            Set(r, "/scope/subscriptions/1", "not-a-guid");
            Set(r, "/rules/0/match/kind", "gke");
            Set(r, "/rules/0/attachments/0/computeName", "1bad_name");
            Set(r, "/rules/0/attachments/0/grants/0/role", "Owner");
            Set(r, "/rules/1/namespaceAccess/strategy", "managedNamespace");
            Remove(r, "/rules/1/attachments/0/workspace");
            Set(r, "/rules/1/attachments/0/namespace/name", "kube-system");
        });

        var result = PolicyLoader.Load(json);

        var paths = result.Errors.Select(e => e.Path).ToHashSet();
        Assert.Contains("$.foo", paths);
        Assert.Contains("$.scope.subscriptions[1]", paths);
        Assert.Contains("$.rules[0].match.kind", paths);
        Assert.Contains("$.rules[0].attachments[0].computeName", paths);
        Assert.Contains("$.rules[0].attachments[0].grants[0].role", paths);
        Assert.Contains("$.rules[1].namespaceAccess.strategy", paths);
        Assert.Contains("$.rules[1].attachments[0]", paths);
        Assert.Contains("$.rules[1].attachments[0].namespace.name", paths);
        Assert.All(result.Errors, e => Assert.NotNull(e.Line));
        Assert.Equal(result.Errors.OrderBy(e => e.Line).Select(e => e.Line), result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Load_Errors_CarryTheLineAndColumnOfTheValue()
    {
        var json = BaseJson
            .Replace("\"computeName\": \"{cluster:9}-{team}\"", "\"computeName\": \"9{cluster}\"", StringComparison.Ordinal)
            .Replace("\"strategy\": \"keyVaultKubeconfig\"", "\"strategy\": \"managedNamespace\"", StringComparison.Ordinal)
            .Replace("\"version\": 1", "\"version\": 1, \"extra\": 0", StringComparison.Ordinal);
        var lines = json.Split('\n');
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

        var errors = PolicyLoader.Load(json).Errors;

        var compute = Assert.Single(errors, e => e.Path == "$.rules[0].attachments[0].computeName");
        Assert.Equal(LineOf("\"9{cluster}\""), compute.Line);
        Assert.Equal(lines[compute.Line!.Value - 1].IndexOf("\"9{cluster}\"", StringComparison.Ordinal) + 1, compute.Column);
        var strategy = Assert.Single(errors, e => e.Path == "$.rules[1].namespaceAccess.strategy");
        Assert.Equal(LineOfOccurrence("\"managedNamespace\"", 2, lines), strategy.Line);
        var extra = Assert.Single(errors, e => e.Path == "$.extra");
        Assert.Equal(LineOf("\"extra\""), extra.Line);
        Assert.Equal($"$.extra (line {extra.Line}, col {extra.Column}): {extra.Message}", extra.ToString());
    }

    [Fact]
    public void Load_DuplicateProperty_IsReported()
    {
        var json = BaseJson.Replace("\"version\": 1,", "\"version\": 1,\n  \"version\": 1,", StringComparison.Ordinal);

        var error = Assert.Single(PolicyLoader.Load(json).Errors);

        Assert.Equal("$.version", error.Path);
        Assert.Equal(3, error.Line);
        Assert.Contains("appears more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SharedNamespaceOnEveryAttachment_IsValid()
    {
        var json = Mutate(r =>
        {
            var copy = Clone(r, "/rules/0/attachments/0");
            copy["workspace"] = WsProd;
            At(r, "/rules/0/attachments").AsArray().Add(copy);
            Set(r, "/rules/0/attachments/0/namespace/shared", true);
            Set(r, "/rules/0/attachments/1/namespace/shared", true);
        });

        var result = PolicyLoader.Load(json);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Load_SameComputeNameInDifferentWorkspaces_IsValid()
    {
        var json = Mutate(r =>
        {
            var copy = Clone(r, "/rules/0/attachments/0");
            copy["workspace"] = WsProd;
            copy["namespace"]!["name"] = "prod-{team}";
            At(r, "/rules/0/attachments").AsArray().Add(copy);
        });

        Assert.True(PolicyLoader.Load(json).IsValid);
    }

    [Fact]
    public void Load_BlobContainerScopeAndStaticNames_IsValid()
    {
        var json = Mutate(r =>
        {
            Set(r, "/rules/0/attachments/0/grants/1/scope", Storage + "/blobServices/default/containers/data");
            Set(r, "/rules/0/attachments/0/computeName", "{workspace:6}-{team}");
            Set(r, "/rules/0/attachments/0/namespace/name", "ml-{workspace}");
            Set(r, "/rules/0/attachments/0/instanceTypes/small/limits/cpu", "0.5");
            r["$schema"] = "../schemas/attach-policy.schema.json";
        });

        var result = PolicyLoader.Load(json);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void LoadValid_InvalidPolicy_ThrowsListingEveryError()
    {
        var json = Mutate(r =>
        {
            Set(r, "/rules/0/attachments/0/grants/0/role", "Owner");
            Set(r, "/rules/1/attachments/0/namespace/name", "default");
        });

        var ex = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadValid(json));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("2 errors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.rules[0].attachments[0].grants[0].role", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.rules[1].attachments[0].namespace.name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadValid_ValidPolicy_ReturnsIt()
    {
        var policy = PolicyLoader.LoadValid(BaseJson);

        Assert.Equal("aks", policy.Rules[0].Name);
        Assert.Equal(ComputeIdentityType.UserAssigned, policy.Rules[1].Attachments[0].Identity.Type);
    }

    [Fact]
    public void PolicyError_WithoutLine_PrintsPathAndMessage()
    {
        Assert.Equal("$.x: bad", new PolicyError("$.x", null, null, "bad").ToString());
    }

    [Fact]
    public void SchemaFile_IsAValidDraft202012Schema()
    {
        var text = File.ReadAllText(RepoPaths.Combine("schemas", "attach-policy.schema.json"));
        using var document = JsonDocument.Parse(text);

        var results = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(text, PolicySchema.Text);
    }

    [Fact]
    public void SchemaFile_EveryPropertyHasADescription()
    {
        var root = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("schemas", "attach-policy.schema.json")))!;
        var missing = new List<string>();
        Walk(root, "#");
        Assert.Empty(missing);

        void Walk(JsonNode node, string path)
        {
            if (node is not JsonObject obj)
            {
                return;
            }

            if (obj["properties"] is JsonObject properties)
            {
                foreach (var (name, property) in properties)
                {
                    if (property is JsonObject p && p["description"] is null && p["$ref"] is JsonValue reference
                        && root["$defs"]![reference.GetValue<string>().Split('/')[^1]]!["description"] is null)
                    {
                        missing.Add($"{path}/properties/{name}");
                    }
                    else if (property is JsonObject q && q["description"] is null && q["$ref"] is null)
                    {
                        missing.Add($"{path}/properties/{name}");
                    }
                }
            }

            foreach (var (name, child) in obj)
            {
                if (child is not null)
                {
                    Walk(child, $"{path}/{name}");
                }
            }
        }
    }

    private static int LineOfOccurrence(string text, int occurrence, string[] lines)
    {
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal) && ++seen == occurrence)
            {
                return i + 1;
            }
        }

        return -1;
    }
}
