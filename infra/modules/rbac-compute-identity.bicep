// Managed Identity Operator on one user-assigned identity that a policy attaches to a compute: Azure requires
// .../userAssignedIdentities/assign/action from whoever puts an identity on a resource.

@description('Principal id of the automation identity.')
param principalId string

@description('Name of the user-assigned identity the computes use.')
param identityName string

var managedIdentityOperator = 'f1a07417-d97a-45cb-824c-7a7467783830'

resource computeIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(computeIdentity.id, principalId, managedIdentityOperator)
  scope: computeIdentity
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', managedIdentityOperator)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
