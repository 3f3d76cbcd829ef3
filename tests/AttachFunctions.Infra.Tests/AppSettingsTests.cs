using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Infra.Tests;

/// <summary>The app settings the Bicep writes are exactly those listed (and described) in infra/app-settings.json.</summary>
public sealed class AppSettingsTests(CompiledTemplate template)
{
    [Fact]
    public void AppSettings_Names_EqualTheListedSettings()
    {
        var written = SecurityChecks.AppSettings(template.Copy()).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var listed = InfraFiles.ReadAppSettings().Select(s => s.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(listed, written);
    }

    [Fact]
    public void AppSettings_List_DescribesEverySettingOnce()
    {
        var listed = InfraFiles.ReadAppSettings();

        Assert.All(listed, s => Assert.False(string.IsNullOrWhiteSpace(s.Description), $"{s.Name} has no description"));
        Assert.Equal(listed.Count, listed.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void AppSettings_StorageAndTelemetry_AreIdentityBased()
    {
        var settings = SecurityChecks.AppSettings(template.Copy()).ToDictionary(s => s.Key, s => (string?)s.Value);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys); // a connection string would use the bare name
        Assert.Equal(settings["AZURE_CLIENT_ID"], settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', parameters('automationClientId'))]",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Parameters_File_NamesOnlyTemplateParameters()
    {
        var declared = template.Copy()["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var file = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("infra", "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject().Select(p => p.Key).ToList();

        Assert.NotEmpty(given);
        Assert.All(given, name => Assert.Contains(name, declared));
    }
}
