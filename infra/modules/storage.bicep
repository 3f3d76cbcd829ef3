// The host storage account: the Functions host and the Durable Functions task hub (blobs, queues, tables), the Event
// Grid queue and dead-letter container. Identity-only: shared keys are disabled, so no connection string or SAS can
// ever be used against it. The deployment package and the attach policy are NOT here (storage-content.bicep): the
// app's identity must be Storage Blob Data Owner on this account, and nothing it must not change may live in it.

@description('Azure region of the storage account.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Blob container Event Grid dead-letters undeliverable events into.')
param deadLetterContainerName string

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

// Account-wide, as Microsoft Learn requires for an identity-based AzureWebJobsStorage ("Connecting to host storage
// with an identity": Storage Blob Data Owner covers the host's own blobs and leases; queues and tables for triggers
// and Durable Functions), and "Durable Functions: Configure identity-based connections" (Storage Queue Data
// Contributor, Storage Blob Data Contributor, Storage Table Data Contributor for the task hub). The containers and
// queues the host and the task hub create are named at run time, so no narrower scope works.
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

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainerName
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
output deadLetterContainerName string = deadLetterContainer.name
output eventQueueName string = eventQueue.name
