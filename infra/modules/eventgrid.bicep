// One subscription system topic (Microsoft.Resources.Subscriptions) in the target subscription, and the event
// subscription that forwards cluster and extension writes/deletes to the automation: to its webhook, or to the
// storage queue its queue trigger reads. Undeliverable events are dead-lettered to blob storage.

@description('System topic name (one per subscription: Azure allows a single system topic per source).')
param systemTopicName string

@description('Tags applied to the system topic.')
param tags object

@description('Event subscription name.')
param eventSubscriptionName string

@description('\'webhook\' delivers to https://<app>/api/events; \'queue\' delivers to the storage queue.')
@allowed([
  'webhook'
  'queue'
])
param eventDelivery string

@description('Resource id of the identity Event Grid delivers and dead-letters with.')
param deliveryIdentityId string

@description('Host name of the Function App (webhook delivery).')
param functionAppHostName string

@description('Entra application id or URI Event Grid requests a token for when calling the webhook; empty sends no token.')
param webhookApplicationIdOrUri string

@description('Largest batch Event Grid sends to the webhook.')
@minValue(1)
@maxValue(5000)
param maxEventsPerBatch int

@description('Resource id of the storage account holding the queue and the dead-letter container.')
param storageAccountId string

@description('Storage queue name (queue delivery).')
param eventQueueName string

@description('Blob container for dead-lettered events.')
param deadLetterContainerName string

@description('Delivery attempts before an event is dead-lettered (1-30).')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int

@description('Minutes an event is retried before it is dead-lettered (1-1440).')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int

// The event types and operation names live in one file that the app's event handlers read too.
var events = loadJsonContent('../event-operations.json')

var deliveryIdentity = {
  type: 'UserAssigned'
  userAssignedIdentity: deliveryIdentityId
}

var webhookDestination = {
  endpointType: 'WebHook'
  properties: union(
    {
      endpointUrl: 'https://${functionAppHostName}/api/events'
      maxEventsPerBatch: maxEventsPerBatch
      preferredBatchSizeInKilobytes: 64
    },
    empty(webhookApplicationIdOrUri)
      ? {}
      : {
          azureActiveDirectoryTenantId: tenant().tenantId
          azureActiveDirectoryApplicationIdOrUri: webhookApplicationIdOrUri
        }
  )
}

var queueDelivery = {
  identity: deliveryIdentity
  destination: {
    endpointType: 'StorageQueue'
    properties: {
      resourceId: storageAccountId
      queueName: eventQueueName
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: 'global'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${deliveryIdentityId}': {}
    }
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource clusterEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: eventSubscriptionName
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: eventDelivery == 'webhook' ? webhookDestination : null
    deliveryWithResourceIdentity: eventDelivery == 'queue' ? queueDelivery : null
    filter: {
      includedEventTypes: events.includedEventTypes
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: events.operationNames
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: deliveryIdentity
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output systemTopicId string = systemTopic.id
