// Read access to the listed kubeconfig secrets only (Arc clusters without cluster connect). Key Vault RBAC lets a
// role be assigned at the scope of one secret (Microsoft Learn: "Provide access to Key Vault keys, certificates, and
// secrets with Azure role-based access control", secret-scope role assignments); a vault-wide Key Vault Secrets User
// would let the app read every other secret kept in the same vault.

@description('Principal id of the automation identity.')
param principalId string

@description('Name of the Key Vault (RBAC authorization mode).')
param vaultName string

@description('Names of the kubeconfig secrets the app may read; each must exist before the deployment.')
@minLength(1)
param secretNames array

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [
  for name in secretNames: {
    parent: vault
    name: name
  }
]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in secretNames: {
    name: guid(secrets[i].id, principalId, keyVaultSecretsUser)
    scope: secrets[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
