// User-assigned identities: one for the Function App (the automation), one that Event Grid uses to deliver
// to the storage queue and to dead-letter into blob storage. Keeping them apart means the automation's identity
// holds no Event Grid rights and the delivery identity holds no automation rights.

@description('Azure region of the identities.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the identity the Function App runs as.')
param automationIdentityName string

@description('Name of the identity Event Grid delivers and dead-letters with.')
param deliveryIdentityName string

resource automation 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: automationIdentityName
  location: location
  tags: tags
}

resource delivery 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: deliveryIdentityName
  location: location
  tags: tags
}

output automationIdentityId string = automation.id
output automationPrincipalId string = automation.properties.principalId
output automationClientId string = automation.properties.clientId
output deliveryIdentityId string = delivery.id
output deliveryPrincipalId string = delivery.properties.principalId
