using System.Text.Json.Nodes;
using static AttachFunctions.Infra.Tests.TestDeployment;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// Webhook delivery authenticates with Entra: the event subscription asks Event Grid for a token whose audience the
/// app is told to accept, a webhook deployment without an app registration fails, and the settings the app reads for
/// token validation and identity pinning are written.
/// </summary>
public sealed class WebhookWiringTests(CompiledTemplate template)
{
    private const string ApiClientId = "99999999-0000-4000-8000-000000000009";

    [Fact]
    public void WebhookDelivery_RequestsATokenForAnAudienceTheAppAccepts()
    {
        var (destination, settings) = Deploy("webhook", ApiClientId);

        var properties = destination!["properties"]!;
        var clientId = (string?)settings["EventGrid__WebhookClientId"];
        Assert.Equal(ApiClientId, clientId);
        Assert.Contains((string?)properties["azureActiveDirectoryApplicationIdOrUri"], new[] { clientId, $"api://{clientId}" });
        Assert.Equal(TenantId, (string?)properties["azureActiveDirectoryTenantId"]);
        Assert.Equal((string?)settings["EventGrid__WebhookTenantId"], (string?)properties["azureActiveDirectoryTenantId"]);
        Assert.Equal(LoginEndpoint, (string?)settings["EventGrid__WebhookAuthority"]);
        Assert.Equal("https://func-test.example/api/events", (string?)properties["endpointUrl"]);
    }

    [Theory]
    [InlineData(ApiClientId)]
    [InlineData("")]
    public void QueueDelivery_RequestsNoWebhookToken_AndTheAppIsToldTheSameClientId(string apiClientId)
    {
        var (destination, settings) = Deploy("queue", apiClientId);

        Assert.Null(destination);
        Assert.Equal(apiClientId, (string?)settings["EventGrid__WebhookClientId"]);
    }

    [Fact]
    public void WebhookDelivery_WithoutApiClientId_FailsTheDeploymentNamingTheParameter()
    {
        var failure = Assert.Throws<DeploymentFailsException>(() => Deploy("webhook", ""));

        Assert.Contains("apiClientId is required when eventDelivery is 'webhook'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkspaceIdentityPins_AreWrittenForTheApp_CommaJoined()
    {
        var (_, settings) = Deploy("queue", "");

        Assert.Equal($"{WorkspaceIdentity},{OtherWorkspaceIdentity}", (string?)settings["Security__WorkspaceIdentityPrincipalIds"]);
    }

    [Fact]
    public void KubeconfigVault_WithoutSecretNames_FailsTheDeployment()
    {
        var parameters = Parameters(p => p["kubeconfigVaultId"] = $"{SharedGroup}/providers/Microsoft.KeyVault/vaults/kv1");

        var failure = Assert.Throws<DeploymentFailsException>(() => Modules(template.Copy(), parameters));

        Assert.Contains("kubeconfigSecretNames is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KubeconfigVault_WithSecretNames_GrantsEachSecretOnly()
    {
        var parameters = Parameters(p =>
        {
            p["kubeconfigVaultId"] = $"{SharedGroup}/providers/Microsoft.KeyVault/vaults/kv1";
            p["kubeconfigSecretNames"] = new JsonArray("arc-1-kubeconfig", "arc-2-kubeconfig");
        });

        var vault = Assert.Single(Modules(template.Copy(), parameters), m => m.Label == "main/rbac-keyvault");

        Assert.Equal(SharedGroup, vault.ScopeId);
        Assert.Equal(["arc-1-kubeconfig", "arc-2-kubeconfig"], vault.Parameters["secretNames"]!.AsArray().Select(n => (string)n!));
    }

    private (JsonObject? Destination, JsonObject Settings) Deploy(string delivery, string apiClientId)
    {
        var root = template.Copy();
        var modules = Modules(root, Parameters(p =>
        {
            p["eventDelivery"] = delivery;
            p["apiClientId"] = apiClientId;
        }));

        var wiring = Assert.Single(modules, m => TemplateResource.OfType(m.Template, "Microsoft.EventGrid/systemTopics/eventSubscriptions").Any(r => ReferenceEquals(r.Template, m.Template)));
        var subscription = TemplateResource.OfType(wiring.Template, "Microsoft.EventGrid/systemTopics/eventSubscriptions").Single();
        var destination = ArmExpression.Resolve(subscription.Properties["destination"], wiring.Template, wiring.Parameters) as JsonObject;

        var app = Assert.Single(modules, m => m.Label == "main/functionapp");
        var settingsResource = TemplateResource.OfType(app.Template, "Microsoft.Web/sites/config")
            .Single(r => ((string?)r.Resource["name"] ?? string.Empty).Contains("'appsettings'", StringComparison.Ordinal));
        var settings = new JsonObject();
        foreach (var name in new[] { "EventGrid__WebhookClientId", "EventGrid__WebhookTenantId", "EventGrid__WebhookAuthority", "Security__WorkspaceIdentityPrincipalIds" })
        {
            settings[name] = ArmExpression.Resolve(settingsResource.Properties[name], app.Template, app.Parameters);
        }

        return (destination, settings);
    }
}
