using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// Azure ML workspaces (GET) and their computes: GET, LIST (paged with $skip), PUT as a long-running operation that
/// creates a compute (and answers success without changing an existing one), DELETE with the required
/// <c>underlyingResourceAction</c>.
/// </summary>
internal sealed class ComputeRoutes(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatorRequest r, string sub, string rg, string workspaceName, string[] rest)
    {
        if (!state.Workspaces.TryGetValue(EmulatorIds.Workspace(sub, rg, workspaceName), out var ws))
        {
            return EmulatorResponse.NotFound("Microsoft.MachineLearningServices/workspaces", workspaceName, rg);
        }

        if (rest.Length == 0)
        {
            return ArmRouter.HttpGetOnly(r, () => new EmulatorResponse(200, WorkspaceJson.ToJson(state, ws)));
        }

        if (!rest[0].Equals("computes", StringComparison.OrdinalIgnoreCase) || rest.Length > 2)
        {
            return ArmRouter.NoRoute(r);
        }

        if (rest.Length == 1)
        {
            return ArmRouter.HttpGetOnly(r, () => new EmulatorResponse(200, Paging.Page(
                ws.Computes.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => (JsonNode)ComputeJson.ToJson(state, ws, c)),
                r, state.Knobs.PageSize, "$skip")));
        }

        var name = rest[1];
        return r.Method.ToUpperInvariant() switch
        {
            "GET" => ws.Computes.TryGetValue(name, out var compute)
                ? new EmulatorResponse(200, ComputeJson.ToJson(state, ws, compute))
                : EmulatorResponse.ArmError(404, "ResourceNotFound", $"The Resource 'Microsoft.MachineLearningServices/workspaces/{ws.Name}/computes/{name}' under resource group '{ws.ResourceGroup}' was not found."),
            "PUT" => Put(r, ws, name),
            "DELETE" => Delete(r, ws, name),
            _ => ArmRouter.MethodNotAllowed(r),
        };
    }

    private static EmulatorResponse BadRequest(string message) => EmulatorResponse.ArmError(400, "BadRequest", message);

    private EmulatorResponse Put(EmulatorRequest r, WorkspaceState ws, string name)
    {
        if (!IsValidComputeName(name))
        {
            return BadRequest(
                $"Compute name '{name}' is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 2 and 16 characters in length.");
        }

        var body = r.JsonBody();
        if (body?["properties"] is not JsonObject properties)
        {
            return BadRequest("The request body must be a compute resource with 'properties'.");
        }

        if (properties["computeType"]?.GetValue<string>() is not { } computeType)
        {
            return BadRequest("'properties.computeType' is required.");
        }

        if (!computeType.Equals("Kubernetes", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest($"computeType '{computeType}' is not supported by the emulator (a stand-in that implements Kubernetes attach only).");
        }

        if (properties["resourceId"]?.GetValue<string>() is not { Length: > 0 } resourceId)
        {
            return BadRequest("'properties.resourceId' is required for a Kubernetes compute.");
        }

        if (!state.Clusters.ContainsKey(resourceId.TrimEnd('/')))
        {
            return BadRequest($"The resource '{resourceId}' was not found or is not a Kubernetes cluster.");
        }

        if (ws.Computes.TryGetValue(name, out var existing))
        {
            return Unchanged(ws, existing);
        }

        var identityType = body["identity"]?["type"]?.GetValue<string>() ?? "None";
        var system = identityType.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase);
        var userAssigned = new List<string>();
        if (identityType.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase))
        {
            if (body["identity"]?["userAssignedIdentities"] is not JsonObject uais || uais.Count == 0)
            {
                return BadRequest("identity.userAssignedIdentities is required for a UserAssigned identity.");
            }

            foreach (var (id, _) in uais)
            {
                if (!state.Resources.TryGetValue(id, out var res) || res.Type != "Microsoft.ManagedIdentity/userAssignedIdentities")
                {
                    return BadRequest($"The user assigned identity '{id}' was not found.");
                }

                userAssigned.Add(res.Id);
            }
        }

        var now = state.Now;
        string? principal = null;
        if (system)
        {
            principal = Guid.NewGuid().ToString();
            state.AddPrincipal(principal, "ServicePrincipal", ws.Name + "/computes/" + name, now + state.Knobs.PrincipalReplicationDelay);
        }

        var compute = new ComputeState
        {
            Name = name,
            Location = body["location"]?.GetValue<string>() ?? ws.Location,
            Tags = body["tags"]?.DeepClone() as JsonObject,
            IdentityType = system && userAssigned.Count > 0 ? "SystemAssigned,UserAssigned" : system ? "SystemAssigned" : userAssigned.Count > 0 ? "UserAssigned" : "None",
            PrincipalId = principal,
            UserAssignedIdentityIds = userAssigned,
            ResourceId = resourceId,
            RequestProperties = (JsonObject)properties.DeepClone(),
            ProvisioningState = "Creating",
            CreatedOn = now,
            ModifiedOn = now,
        };
        ws.Computes[name] = compute;
        var op = state.StartOperation(ws.SubscriptionId, ws.Location, state.Knobs.LroDuration, () => Complete(ws, compute));
        compute.PendingOperationId = op.Status == "InProgress" ? op.Id : null;
        return new EmulatorResponse(201, ComputeJson.ToJson(state, ws, compute))
            .WithHeader("Azure-AsyncOperation", OperationRoutes.MachineLearningStatusUrl(r.BaseUri, op));
    }

    /// <summary>
    /// The compute name rule, the strictest reading of Azure's own sources (the REST spec gives computeName no pattern):
    /// 2-16 letters, digits and hyphens (Microsoft Learn, "Naming rules and restrictions for Azure resources",
    /// Microsoft.MachineLearningServices workspaces / computes), starting with a letter (the Azure ML tooling's compute
    /// name check), ending with a letter or digit (the studio's message, as quoted in terraform-provider-azurerm
    /// internal/services/machinelearning/validate/compute_cluster_name.go). The refusal's status, code and message are not
    /// documented; a 400 ARM error with code BadRequest and the studio's wording is the strictest plausible answer.
    /// </summary>
    private static bool IsValidComputeName(string name) =>
        name.Length is >= 2 and <= 16 &&
        char.IsAsciiLetter(name[0]) &&
        char.IsAsciiLetterOrDigit(name[^1]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>
    /// A PUT on a compute that exists. Microsoft Learn, "Azure Machine Learning known issues", issue 1002 ("Existing
    /// Kubernetes compute can't be updated with az ml compute attach command"): updating an attached Kubernetes compute
    /// "appears to succeed but doesn't" - the call reports success and the compute is not updated. So the answer is a
    /// success with the compute exactly as it is: 200 (the update response Compute_CreateOrUpdate declares in
    /// machineLearningServices.json) with its stored body, and no Azure-AsyncOperation header because nothing was
    /// started (a client that polls when it has a header and finishes when it has none sees the same "success").
    /// Properties, identity, principal, provisioning state (Failed or Creating included) and modifiedOn all stay.
    /// Which status Azure uses for this is not documented; 200 with no operation is the reading that makes the write
    /// look most successful while changing nothing, the case a client must not be fooled by.
    /// </summary>
    private EmulatorResponse Unchanged(WorkspaceState ws, ComputeState existing) =>
        new(200, ComputeJson.ToJson(state, ws, existing));

    private (string Code, string Message)? Complete(WorkspaceState ws, ComputeState compute)
    {
        if (!ws.Computes.TryGetValue(compute.Name, out var current) || !ReferenceEquals(current, compute))
        {
            return ("OperationCanceled", $"The compute '{compute.Name}' was deleted or overwritten while it was being created.");
        }

        compute.PendingOperationId = null;
        compute.ModifiedOn = state.Now;
        var failure = AttachChecks.Evaluate(state, ws, compute);
        if (failure is null)
        {
            compute.ProvisioningState = "Succeeded";
            return null;
        }

        compute.ProvisioningState = "Failed";
        compute.Errors.Add(failure.Value);
        return failure;
    }

    private EmulatorResponse Delete(EmulatorRequest r, WorkspaceState ws, string name)
    {
        var action = r.QueryValue("underlyingResourceAction");
        if (action is null)
        {
            return BadRequest("The query parameter 'underlyingResourceAction' is required; allowed values are 'Delete' and 'Detach'.");
        }

        if (!action.Equals("Delete", StringComparison.OrdinalIgnoreCase) && !action.Equals("Detach", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest($"'{action}' is not a valid underlyingResourceAction; allowed values are 'Delete' and 'Detach'.");
        }

        if (!ws.Computes.TryGetValue(name, out var compute))
        {
            return new EmulatorResponse(204);
        }

        // An attached Kubernetes compute is only detached: the cluster itself is never deleted by the workspace.
        if (state.Knobs.DetachDuration <= TimeSpan.Zero)
        {
            ws.Computes.Remove(name);
            return new EmulatorResponse(200);
        }

        compute.ProvisioningState = "Deleting";
        var op = state.StartOperation(ws.SubscriptionId, ws.Location, state.Knobs.DetachDuration, () =>
        {
            if (ws.Computes.TryGetValue(name, out var current) && ReferenceEquals(current, compute))
            {
                ws.Computes.Remove(name);
            }

            return null;
        });
        return new EmulatorResponse(202)
            .WithHeader("Azure-AsyncOperation", OperationRoutes.MachineLearningStatusUrl(r.BaseUri, op))
            .WithHeader("Location", OperationRoutes.MachineLearningResultUrl(r.BaseUri, op))
            .WithHeader("Retry-After", OperationRoutes.RetryAfter(state));
    }
}
