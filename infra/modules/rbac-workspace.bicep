// The custom ML compute operator role on one Azure Machine Learning workspace (not its resource group).

@description('Principal id of the automation identity.')
param principalId string

@description('Name of the workspace.')
param workspaceName string

@description('GUID of the custom ML compute operator role.')
param computeRoleGuid string

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' existing = {
  name: workspaceName
}

resource computeOperator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, computeRoleGuid)
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', computeRoleGuid)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
