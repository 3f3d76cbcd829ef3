using AttachFunctions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Workflows.Tests.Security;

/// <summary>
/// <c>Security__WorkspaceIdentityPrincipalIds</c> through the one composition root: absent means no workspace identity
/// may receive cluster-level roles (the secure default), a list of GUIDs allows exactly those, anything else stops
/// the app at start-up with a message naming the setting.
/// </summary>
public sealed class WorkspaceIdentitySettingTests
{
    [Fact]
    public void Composition_WithoutTheSetting_AllowsNoWorkspaceIdentity()
    {
        using var services = Build(null);

        services.GetRequiredService<IStartupValidator>().Validate();

        var allowed = services.GetRequiredService<AttachRuntime>().WorkspaceIdentities;
        Assert.True(allowed.IsEmpty);
        Assert.False(allowed.Allows("33333333-0000-0000-0000-000000000001"));
    }

    [Fact]
    public void Composition_WithCommaAndSemicolonSeparatedGuids_AllowsExactlyThose()
    {
        using var services = Build(" 33333333-0000-0000-0000-000000000001, 33333333-0000-0000-0000-000000000002;33333333-0000-0000-0000-00000000000A ");

        services.GetRequiredService<IStartupValidator>().Validate();

        var allowed = services.GetRequiredService<AttachRuntime>().WorkspaceIdentities;
        Assert.Equal(3, allowed.Count);
        Assert.True(allowed.Allows("33333333-0000-0000-0000-00000000000a"));
        Assert.False(allowed.Allows("33333333-0000-0000-0000-000000000003"));
    }

    [Fact]
    public void Composition_WithAnEntryThatIsNotAGuid_FailsAtStartUp_NamingTheSettingAndTheEntry()
    {
        using var services = Build("33333333-0000-0000-0000-000000000001,id-ws-prod");

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        var message = string.Join(" ", ex.Failures);
        Assert.Contains("Security__WorkspaceIdentityPrincipalIds", message, StringComparison.Ordinal);
        Assert.Contains("'id-ws-prod'", message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string? principals)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["AttachPolicy:Json"] = TestPolicies.SamplePolicy };
        if (principals is not null)
        {
            settings["Security:WorkspaceIdentityPrincipalIds"] = principals;
        }

        return ComposedProduct.From(settings);
    }
}
