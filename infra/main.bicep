// AttachFunctions: the Function App, its identity-only storage and monitoring, the Event Grid wiring on every
// target subscription, and the automation's least-privilege RBAC.
//
// Deployed at subscription scope: Event Grid subscription system topics and custom role definitions are
// subscription-level, and the automation's rights live in resource groups of several subscriptions. The app itself
// goes into one resource group (created here, azd style).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Environment name (azd); part of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of the app, its storage and monitoring.')
param location string

@description('Resource group of the app; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('How Event Grid hands cluster events to the app: \'webhook\' (HTTPS POST to /api/events) or \'queue\' (storage queue read by the queue trigger).')
@allowed([
  'webhook'
  'queue'
])
param eventDelivery string = 'queue'

@description('Subscriptions whose cluster events the app receives (one system topic each); empty for the deployment subscription.')
param eventSubscriptionIds array = []

@description('Resource group (in each event subscription) that holds the system topic; empty for rg-<environmentName>-events.')
param eventResourceGroupName string = ''

@description('Resource ids of the container registries and storage accounts the automation may grant compute identities AcrPull (registries) or Storage Blob Data Reader/Contributor (storage accounts) on; any other resource type fails the deployment.')
param computeGrantScopeIds array = []

@description('Resource group ids of the AKS and Arc-enabled clusters the automation manages.')
param clusterResourceGroupIds array = []

@description('Principal (object) ids of the user-assigned workspace identities that alone may receive the cluster-level roles (Reader, Kubernetes Extension Contributor, Azure Kubernetes Service Cluster Admin Role, Azure Relay Owner) on the cluster resource groups; empty for no cluster-role delegation at all.')
param workspaceIdentityPrincipalIds array = []

@description('Resource ids of the Azure Machine Learning workspaces the automation attaches clusters to.')
param workspaceIds array = []

@description('Resource ids of user-assigned identities that attach policies put on computes.')
param computeIdentityIds array = []

@description('Resource id of the Key Vault holding per-cluster kubeconfigs; empty for none.')
param kubeconfigVaultId string = ''

@description('Names of the kubeconfig secrets in kubeconfigVaultId the app may read (Key Vault Secrets User on each secret, never on the vault); required with kubeconfigVaultId.')
param kubeconfigSecretNames array = []

@description('The attach policy as inline JSON; empty to read the policy blob (attachPolicyBlobUri).')
param attachPolicyJson string = ''

@description('URI of the attach policy blob; empty for <storage>/policy/attach-policy.json in the app\'s storage account.')
param attachPolicyBlobUri string = ''

@description('NCRONTAB schedule of the drift repair timer.')
param driftRepairSchedule string = '0 */30 * * * *'

@minValue(1)
@maxValue(100)
@description('How many clusters the drift repair reconciles in parallel.')
param driftRepairBatchSize int = 10

@minValue(1)
@maxValue(5000)
@description('Largest Event Grid batch: what the webhook accepts and what Event Grid sends it.')
param eventGridMaxBatchSize int = 10

@description('App role (in the API app registration) a caller of the on-demand HTTP API must hold.')
param requiredAppRole string = 'Clusters.Attach'

@description('Client id of the Entra app registration that protects the HTTP API and the webhook; required with eventDelivery \'webhook\'; empty (queue delivery only) leaves App Service authentication off.')
param apiClientId string = ''

@minLength(3)
@maxLength(45)
@description('Durable Functions task hub name (letters and digits, starting with a letter).')
param taskHubName string = 'AttachFunctions'

@minValue(40)
@maxValue(1000)
@description('Maximum number of Flex Consumption instances.')
param maximumInstanceCount int = 40

@allowed([
  2048
  4096
])
@description('Memory per Flex Consumption instance in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(30)
@description('Event Grid delivery attempts before an event is dead-lettered.')
param maxDeliveryAttempts int = 30

@minValue(1)
@maxValue(1440)
@description('Minutes Event Grid retries an event before it is dead-lettered.')
param eventTimeToLiveInMinutes int = 1440

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps data.')
param logRetentionInDays int = 30

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var appResourceGroupName = empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
var topicResourceGroupName = empty(eventResourceGroupName) ? 'rg-${environmentName}-events' : eventResourceGroupName
var eventSubscriptions = empty(eventSubscriptionIds) ? [subscription().subscriptionId] : eventSubscriptionIds
var policyContainerName = 'policy'
var applicationInsightsName = 'appi-${environmentName}-${token}'
var workspaceResourceGroupIds = union(
  map(workspaceIds, id => '/subscriptions/${split(id, '/')[2]}/resourceGroups/${split(id, '/')[4]}'),
  []
)
// The roles the product assigns (RoleCatalog in src/AttachFunctions.Core/Roles; a test keeps the union equal to it),
// split by where they are granted: to workspace identities on clusters, to compute identities on registries/storage.
var clusterRoleGuids = [
  'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader
  '85cb6faf-e071-4c9b-8136-154b5a04f717' // Kubernetes Extension Contributor
  '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8' // Azure Kubernetes Service Cluster Admin Role
  '2787bf04-f1f5-4bfe-8383-c8a24483ee38' // Azure Relay Owner
]
var registryRoleGuids = [
  '7f951dda-4ed3-4680-a7ca-43fe172d538d' // AcrPull
]
var storageRoleGuids = [
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' // Storage Blob Data Reader
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
]
// Webhook delivery without an app registration could not authenticate Event Grid: refuse to deploy it.
var webhookClientId = eventDelivery == 'webhook' && empty(apiClientId)
  ? fail('apiClientId is required when eventDelivery is \'webhook\': Event Grid must send an Entra token for the API app registration (see docs/deploy.md, Webhook authentication).')
  : apiClientId
var computeRoleGuid = guid(subscription().id, environmentName, 'attachfunctions-ml-compute-operator')
var clusterRoleGuid = guid(subscription().id, environmentName, 'attachfunctions-cluster-reader')

resource appGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: appResourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: appGroup
  params: {
    location: location
    tags: tags
    automationIdentityName: 'id-${environmentName}-${token}'
    deliveryIdentityName: 'id-${environmentName}-events-${token}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: appGroup
  params: {
    location: location
    tags: tags
    storageAccountName: 'st${token}'
    deadLetterContainerName: 'deadletter'
    eventQueueName: 'cluster-events'
    automationPrincipalId: identity.outputs.automationPrincipalId
    deliveryPrincipalId: identity.outputs.deliveryPrincipalId
  }
}

module contentStorage 'modules/storage-content.bicep' = {
  name: 'storage-content'
  scope: appGroup
  params: {
    location: location
    tags: tags
    storageAccountName: 'stcfg${token}'
    deploymentContainerName: 'app-package'
    policyContainerName: policyContainerName
    automationPrincipalId: identity.outputs.automationPrincipalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: appGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${environmentName}-${token}'
    applicationInsightsName: applicationInsightsName
    retentionInDays: logRetentionInDays
    automationPrincipalId: identity.outputs.automationPrincipalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: appGroup
  params: {
    location: location
    tags: tags
    planName: 'plan-${environmentName}-${token}'
    functionAppName: 'func-${environmentName}-${token}'
    serviceName: 'api'
    automationIdentityId: identity.outputs.automationIdentityId
    automationClientId: identity.outputs.automationClientId
    storageAccountName: storage.outputs.storageAccountName
    blobEndpoint: contentStorage.outputs.blobEndpoint
    deploymentContainerName: contentStorage.outputs.deploymentContainerName
    applicationInsightsName: applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    attachPolicyJson: attachPolicyJson
    attachPolicyBlobUri: empty(attachPolicyBlobUri)
      ? '${contentStorage.outputs.blobEndpoint}${contentStorage.outputs.policyContainerName}/attach-policy.json'
      : attachPolicyBlobUri
    driftRepairSchedule: driftRepairSchedule
    driftRepairBatchSize: driftRepairBatchSize
    eventGridMaxBatchSize: eventGridMaxBatchSize
    requiredAppRole: requiredAppRole
    taskHubName: taskHubName
    apiClientId: apiClientId
    webhookClientId: webhookClientId
    workspaceIdentityPrincipalIds: workspaceIdentityPrincipalIds
  }
  dependsOn: [
    monitoring
  ]
}

module events 'modules/eventgrid-target.bicep' = [
  for subscriptionId in eventSubscriptions: {
    name: 'events-${uniqueString(subscriptionId, environmentName)}'
    scope: subscription(subscriptionId)
    params: {
      location: location
      tags: tags
      resourceGroupName: topicResourceGroupName
      systemTopicName: 'evgt-${environmentName}-subscription'
      eventSubscriptionName: 'cluster-events'
      eventDelivery: eventDelivery
      deliveryIdentityId: identity.outputs.deliveryIdentityId
      functionAppHostName: functionApp.outputs.defaultHostName
      webhookApplicationIdOrUri: eventDelivery == 'webhook' ? webhookClientId : ''
      maxEventsPerBatch: eventGridMaxBatchSize
      storageAccountId: storage.outputs.storageAccountId
      eventQueueName: storage.outputs.eventQueueName
      deadLetterContainerName: storage.outputs.deadLetterContainerName
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
  }
]

module customRoles 'modules/rbac-roles.bicep' = {
  name: 'rbac-roles'
  params: {
    computeRoleGuid: computeRoleGuid
    clusterRoleGuid: clusterRoleGuid
    environmentName: environmentName
    workspaceResourceGroupIds: workspaceResourceGroupIds
    clusterResourceGroupIds: clusterResourceGroupIds
  }
}

// Cluster-level roles, only to the listed workspace identities, only on the clusters' resource groups; no list, no
// delegation (the app then cannot grant prerequisite roles and reports it).
module clusterDelegation 'modules/rbac-delegation.bicep' = [
  for id in clusterResourceGroupIds: if (!empty(workspaceIdentityPrincipalIds)) {
    name: 'rbac-delegation-clusters-${uniqueString(id)}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      principalId: identity.outputs.automationPrincipalId
      roleGuids: clusterRoleGuids
      assigneePrincipalIds: workspaceIdentityPrincipalIds
    }
  }
]

// Compute roles, to service principals other than the automation, on each listed registry or storage account itself
// (the module fails the deployment for any other resource type).
module computeDelegation 'modules/rbac-delegation.bicep' = [
  for id in computeGrantScopeIds: {
    name: 'rbac-delegation-compute-${uniqueString(id)}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      principalId: identity.outputs.automationPrincipalId
      targetResourceId: id
      roleGuids: contains(toLower(id), '/providers/microsoft.containerregistry/registries/')
        ? registryRoleGuids
        : storageRoleGuids
      assigneePrincipalIds: []
    }
  }
]

module clusterAccess 'modules/rbac-clusters.bicep' = [
  for id in clusterResourceGroupIds: {
    name: 'rbac-clusters-${uniqueString(id)}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      principalId: identity.outputs.automationPrincipalId
      clusterRoleGuid: clusterRoleGuid
    }
    dependsOn: [
      customRoles
    ]
  }
]

module workspaceAccess 'modules/rbac-workspace.bicep' = [
  for id in workspaceIds: {
    name: 'rbac-workspace-${uniqueString(id)}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      principalId: identity.outputs.automationPrincipalId
      workspaceName: last(split(id, '/'))
      computeRoleGuid: computeRoleGuid
    }
    dependsOn: [
      customRoles
    ]
  }
]

module computeIdentityAccess 'modules/rbac-compute-identity.bicep' = [
  for id in computeIdentityIds: {
    name: 'rbac-compute-identity-${uniqueString(id)}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      principalId: identity.outputs.automationPrincipalId
      identityName: last(split(id, '/'))
    }
  }
]

module kubeconfigAccess 'modules/rbac-keyvault.bicep' = if (!empty(kubeconfigVaultId)) {
  name: 'rbac-keyvault'
  scope: resourceGroup(split(kubeconfigVaultId, '/')[2], split(kubeconfigVaultId, '/')[4])
  params: {
    principalId: identity.outputs.automationPrincipalId
    vaultName: last(split(kubeconfigVaultId, '/'))
    secretNames: empty(kubeconfigSecretNames)
      ? fail('kubeconfigSecretNames is required with kubeconfigVaultId: the app is granted Key Vault Secrets User on each listed secret, never on the whole vault.')
      : kubeconfigSecretNames
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = appGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.functionAppName
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AUTOMATION_PRINCIPAL_ID string = identity.outputs.automationPrincipalId
output AUTOMATION_CLIENT_ID string = identity.outputs.automationClientId
output STORAGE_ACCOUNT_NAME string = storage.outputs.storageAccountName
output EVENT_DELIVERY string = eventDelivery
