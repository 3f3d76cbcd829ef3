using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using AttachFunctions.Api.Options;
using AttachFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Workflows.Tests;

/// <summary>Every documented setting reaches the options the product runs with, through the one composition root.</summary>
public sealed class SettingsBindingTests
{
    [Fact]
    public void DocumentedSettings_EachSetToANonDefaultValue_IsObservedInTheBoundOptions()
    {
        var documented = DocumentedSettings();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        var expected = new List<(Type Options, PropertyInfo Property, object Value)>();
        foreach (var (type, section) in BoundSettings.Sections.Where(s => s.Section != AttachPolicyOptions.Section))
        {
            var defaults = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties().Where(p => documented.Contains($"{section}__{p.Name}")))
            {
                var value = NonDefault(property, property.GetValue(defaults));
                settings[$"{section}:{property.Name}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
                expected.Add((type, property, value));
            }
        }

        settings["AttachPolicy:Json"] = TestPolicies.SamplePolicy;

        // Security:EasyAuthEnabled set to true is valid only with the platform's authentication in front.
        settings[PlatformAuthentication.Setting] = "true";
        using var services = Build(settings);

        Assert.Equal(BoundSettings.Names().Count(n => !n.StartsWith(AttachPolicyOptions.Section + "__", StringComparison.Ordinal)), expected.Count);
        services.GetRequiredService<IStartupValidator>().Validate();
        foreach (var (type, property, value) in expected)
        {
            var bound = Bound(services, type);
            Assert.True(Equals(value, property.GetValue(bound)), $"{type.Name}.{property.Name}: set {value}, bound {property.GetValue(bound)}");
        }
    }

    [Fact]
    public void DocumentedSettings_AreExactlyTheBindableProperties()
    {
        Assert.Equal(
            BoundSettings.Names().Order(StringComparer.Ordinal),
            DocumentedSettings().Where(n => BoundSettings.Sections.Any(s => n.StartsWith(s.Section + "__", StringComparison.Ordinal))).Order(StringComparer.Ordinal));
    }

    private static HashSet<string> DocumentedSettings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A value different from the default that still passes validation.</summary>
    private static object NonDefault(PropertyInfo property, object? current) => current switch
    {
        TimeSpan t => t + TimeSpan.FromSeconds(1),
        int i => i + 1,
        double d => Math.Round(d * 0.9, 3),
        bool b => !b,
        Uri => new Uri("https://management.example.test/"),
        string when property.Name == "Schedule" => "0 */15 * * * *",
        string when property.Name == "Audience" => "https://management.example.test",
        _ when property.Name == "WorkspaceIdentityPrincipalIds" => "33333333-0000-0000-0000-0000000000aa",
        _ when property.Name is "WebhookClientId" or "WebhookTenantId" => "12345678-0000-0000-0000-00000000abcd",
        _ => "Attach.Other",
    };

    private static object Bound(ServiceProvider services, Type type)
    {
        var options = typeof(IOptions<>).MakeGenericType(type);
        return options.GetProperty("Value")!.GetValue(services.GetRequiredService(options))!;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) => ComposedProduct.From(settings);
}
