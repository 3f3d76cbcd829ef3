using System.Text;
using System.Text.Json;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// The X-MS-CLIENT-PRINCIPAL header is trusted only when App Service Authentication fronts the app (the platform's
/// WEBSITE_AUTH_ENABLED=true): only then does the platform strip a caller's own header. A setting that claims Easy Auth
/// without the platform stops the app at start-up; without the platform a forged header is never read.
/// </summary>
public sealed class EasyAuthTrustTests
{
    [Fact]
    public void Composition_EasyAuthEnabledWithoutPlatformAuthentication_FailsAtStartNamingBothSettings()
    {
        using var services = Build(new() { ["Security:EasyAuthEnabled"] = "true", ["Security:RequiredAppRole"] = "Attach.Operator" });

        var message = StartupFailure(services);

        Assert.Contains("Security:EasyAuthEnabled is true but the platform's authentication is off (WEBSITE_AUTH_ENABLED is not 'true')", message, StringComparison.Ordinal);
        Assert.Contains("X-MS-CLIENT-PRINCIPAL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Composition_EasyAuthDisabledWhilePlatformAuthenticates_FailsAtStart()
    {
        using var services = Build(new() { ["WEBSITE_AUTH_ENABLED"] = "true", ["Security:EasyAuthEnabled"] = "false", ["Security:RequiredAppRole"] = "Attach.Operator" });

        Assert.Contains("Security:EasyAuthEnabled is false but App Service Authentication fronts the app", StartupFailure(services), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData(null, false)]
    [InlineData("false", false)]
    public void Composition_EasyAuth_FollowsThePlatform(string? websiteAuthEnabled, bool expected)
    {
        using var services = Build(new() { ["WEBSITE_AUTH_ENABLED"] = websiteAuthEnabled, ["Security:RequiredAppRole"] = "Attach.Operator" });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(expected, services.GetRequiredService<IOptions<SecurityOptions>>().Value.EasyAuthEnabled);
    }

    [Fact]
    public async Task Attach_ForgedPrincipalHeaderWithoutPlatformAuthentication_IsIgnored_AndGrantsNothing()
    {
        await using var world = await TestWorld.StartAsync();
        var forged = new Dictionary<string, string> { [EasyAuthGate.PrincipalHeader] = Principal("Attach.Operator", "Owner") };
        var body = $$"""{"clusterId":"{{AksResearch}}","dryRun":true}""";
        var gate = world.Services.GetRequiredService<EasyAuthGate>();

        var roles = gate.TrustedRoles(TestWorld.Request("POST", body, headers: forged));
        var garbage = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", body, headers: new Dictionary<string, string> { [EasyAuthGate.PrincipalHeader] = "%%%" }), world.Client, CancellationToken.None));
        var withForged = world.Read(await world.Api.AttachAsync(TestWorld.Request("POST", body, headers: forged), world.Client, CancellationToken.None));
        var anonymous = world.Read(await world.Api.AttachAsync(TestWorld.Request("POST", body), world.Client, CancellationToken.None));

        // No principal: the header is not even parsed (garbage is not a 401), and the call is what any function-key holder's is.
        Assert.Null(roles);
        Assert.Equal(202, garbage.Status);
        Assert.Equal(anonymous.Status, withForged.Status);
        Assert.Equal(202, withForged.Status);
    }

    [Fact]
    public async Task Attach_PrincipalHeaderBehindPlatformAuthentication_IsTrusted()
    {
        await using var world = await TestWorld.StartAsync(
            security: new SecurityOptions { EasyAuthEnabled = true, RequiredAppRole = "Attach.Operator" }, platformAuthentication: true);
        var gate = world.Services.GetRequiredService<EasyAuthGate>();

        var roles = gate.TrustedRoles(TestWorld.Request("GET", headers: new Dictionary<string, string> { [EasyAuthGate.PrincipalHeader] = Principal("Attach.Operator") }));

        Assert.Equal(["Attach.Operator"], roles);
    }

    private static string Principal(params string[] roles)
    {
        var principal = new
        {
            auth_typ = "aad",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            claims = roles.Select(r => new { typ = "roles", val = r }).ToArray(),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal)));
    }

    private static string StartupFailure(ServiceProvider services)
    {
        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());
        return error is AggregateException all ? string.Join("\n", all.InnerExceptions.Select(e => e.Message)) : error.Message;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["AttachPolicy:Json"] = TestPolicies.SamplePolicy;
        return ComposedProduct.From(settings);
    }
}
