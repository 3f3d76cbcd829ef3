// The content storage account: the Flex Consumption deployment package and the attach policy, kept apart from the
// host account (storage.bicep) because the app's identity must be Storage Blob Data Owner there. Here the app may
// only read the policy and use its deployment container: a compromised app cannot rewrite its own policy or code.
// Identity-only like the host account: shared keys off, no public blobs, TLS 1.2.

@description('Azure region of the storage account.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Blob container that holds the Function App deployment package.')
param deploymentContainerName string

@description('Blob container that holds the attach policy document.')
param policyContainerName string

@description('Principal id of the Function App identity.')
param automationPrincipalId string

var storageBlobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource policyContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: policyContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Flex Consumption reads the package from the deployment container with the identity named in
// functionAppConfig.deployment.storage; Microsoft Learn ("Flex Consumption plan hosting", deployment storage
// authentication) asks for Storage Blob Data Contributor for that identity. Scoped to the one container.
resource packageReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deploymentContainer.id, automationPrincipalId, storageBlobDataContributor)
  scope: deploymentContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: automationPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The app only reads the policy blob (AttachPolicy__BlobUri); operators upload it with their own identity.
resource policyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(policyContainer.id, automationPrincipalId, storageBlobDataReader)
  scope: policyContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReader)
    principalId: automationPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output storageAccountName string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerName string = deploymentContainer.name
output policyContainerName string = policyContainer.name
