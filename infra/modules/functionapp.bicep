// The Function App on Flex Consumption (.NET 10 isolated), running as the automation's user-assigned identity.
// Every data-plane connection is identity-based; the app settings hold names, ids and schedules, never a secret.

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to every resource; the app also gets the azd service tag.')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (its host name is <name>.azurewebsites.net or the cloud equivalent).')
param functionAppName string

@description('azd service name that deploys into this app (azure.yaml).')
param serviceName string

@description('Resource id of the automation identity.')
param automationIdentityId string

@description('Client id of the automation identity.')
param automationClientId string

@description('Storage account name of the Functions host and the task hub.')
param storageAccountName string

@description('Primary blob endpoint of the content storage account that holds the deployment container (ends with a slash).')
param blobEndpoint string

@description('Blob container with the deployment package.')
param deploymentContainerName string

@description('Application Insights component name (same resource group).')
param applicationInsightsName string

@description('Maximum number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int

@description('The attach policy as inline JSON; empty to read it from attachPolicyBlobUri.')
param attachPolicyJson string

@description('URI of the blob holding the attach policy (read with the app identity).')
param attachPolicyBlobUri string

@description('NCRONTAB schedule of the drift repair timer.')
param driftRepairSchedule string

@description('How many clusters the drift repair reconciles in parallel.')
param driftRepairBatchSize int

@description('Largest Event Grid batch the webhook accepts.')
param eventGridMaxBatchSize int

@description('App role a caller of the on-demand HTTP API must hold.')
param requiredAppRole string

@description('Durable Functions task hub name.')
param taskHubName string

@description('Client id of the Entra app registration that protects the HTTP API; empty leaves App Service authentication off.')
param apiClientId string

@description('Client id of the API app registration the webhook accepts Event Grid tokens for (audiences <id> and api://<id>); empty when there is none.')
param webhookClientId string

@description('Principal ids of the workspace identities allowed to receive cluster-level roles.')
param workspaceIdentityPrincipalIds array

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${automationIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: automationIdentityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// The names below are listed, one by one, in infra/app-settings.json; a test keeps the two equal.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: automationClientId
    AZURE_CLIENT_ID: automationClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${automationClientId};Authorization=AAD'
    AttachPolicy__Json: attachPolicyJson
    AttachPolicy__BlobUri: attachPolicyBlobUri
    DriftRepair__Schedule: driftRepairSchedule
    DriftRepair__BatchSize: string(driftRepairBatchSize)
    EventGrid__MaxBatchSize: string(eventGridMaxBatchSize)
    Arm__Endpoint: environment().resourceManager
    Security__RequiredAppRole: requiredAppRole
    Security__WorkspaceIdentityPrincipalIds: join(workspaceIdentityPrincipalIds, ',')
    EventGrid__WebhookClientId: webhookClientId
    EventGrid__WebhookTenantId: tenant().tenantId
    EventGrid__WebhookAuthority: environment().authentication.loginEndpoint
    TaskHubName: taskHubName
  }
}

// Publishing with user names and passwords stays off; azd deploys through the identity-based deployment container.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

// With an API app registration, App Service authentication rejects every request without a valid Entra token
// for it (401, no login redirect); the app then checks the app-role claim itself.
resource authentication 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(apiClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    httpSettings: {
      requireHttps: true
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            apiClientId
            'api://${apiClientId}'
          ]
        }
      }
    }
  }
}

output functionAppName string = app.name
output defaultHostName string = app.properties.defaultHostName
