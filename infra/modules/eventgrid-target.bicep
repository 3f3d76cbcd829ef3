// Deploys the Event Grid wiring into one target subscription: a resource group for the system topic, then the
// topic and its event subscription.
targetScope = 'subscription'

@description('Azure region of the resource group that holds the system topic (the topic itself is global).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Resource group (created if missing) that holds the system topic.')
param resourceGroupName string

@description('System topic name.')
param systemTopicName string

@description('Event subscription name.')
param eventSubscriptionName string

@description('\'webhook\' or \'queue\'.')
@allowed([
  'webhook'
  'queue'
])
param eventDelivery string

@description('Resource id of the Event Grid delivery identity.')
param deliveryIdentityId string

@description('Host name of the Function App.')
param functionAppHostName string

@description('Entra application id or URI for webhook tokens; empty sends none.')
param webhookApplicationIdOrUri string

@description('Largest batch Event Grid sends to the webhook.')
param maxEventsPerBatch int

@description('Resource id of the storage account with the queue and the dead-letter container.')
param storageAccountId string

@description('Storage queue name.')
param eventQueueName string

@description('Dead-letter blob container name.')
param deadLetterContainerName string

@description('Delivery attempts before dead-lettering.')
param maxDeliveryAttempts int

@description('Minutes an event is retried before dead-lettering.')
param eventTimeToLiveInMinutes int

resource topicGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module wiring 'eventgrid.bicep' = {
  name: 'eventgrid-${uniqueString(subscription().id, systemTopicName)}'
  scope: topicGroup
  params: {
    systemTopicName: systemTopicName
    tags: tags
    eventSubscriptionName: eventSubscriptionName
    eventDelivery: eventDelivery
    deliveryIdentityId: deliveryIdentityId
    functionAppHostName: functionAppHostName
    webhookApplicationIdOrUri: webhookApplicationIdOrUri
    maxEventsPerBatch: maxEventsPerBatch
    storageAccountId: storageAccountId
    eventQueueName: eventQueueName
    deadLetterContainerName: deadLetterContainerName
    maxDeliveryAttempts: maxDeliveryAttempts
    eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
  }
}

output systemTopicId string = wiring.outputs.systemTopicId
