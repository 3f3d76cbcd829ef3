// The storage account behind the Durable Functions task hub (blobs, queues, tables), the Flex Consumption
// deployment package, the Event Grid queue and dead-letter container, and the attach policy blob.
// Identity-only: shared keys are disabled, so no connection string or SAS can ever be used against it.

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

@description('Blob container Event Grid dead-letters undeliverable events into.')
param deadLetterContainerName string

@description('Blob container that holds the attach policy document.')
param policyContainerName string

@description('Storage queue Event Grid delivers cluster events to (queue delivery mode).')
param eventQueueName string

@description('Principal id of the Function App identity.')
param automationPrincipalId string

@description('Principal id of the Event Grid delivery identity.')
param deliveryPrincipalId string

// Built-in role definition GUIDs.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageQueueDataMessageSender = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

// The Durable Functions Azure Storage backend uses blobs (leases, large messages), queues (control and work-item
// queues) and tables (history and instances); the Flex Consumption host reads the package and writes its own blobs.
var automationDataRoles = [
  storageBlobDataOwner
  storageQueueDataContributor
  storageTableDataContributor
]

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

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainerName
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

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource eventQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: eventQueueName
}

resource automationData 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in automationDataRoles: {
    name: guid(account.id, automationPrincipalId, role)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: automationPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Event Grid delivers with its own identity: send-only on the one queue, write on the one dead-letter container.
resource deliveryQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventQueue.id, deliveryPrincipalId, storageQueueDataMessageSender)
  scope: eventQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataMessageSender)
    principalId: deliveryPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deliveryDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, deliveryPrincipalId, storageBlobDataContributor)
  scope: deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: deliveryPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output storageAccountId string = account.id
output storageAccountName string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerName string = deploymentContainer.name
output deadLetterContainerName string = deadLetterContainer.name
output policyContainerName string = policyContainer.name
output eventQueueName string = eventQueue.name
