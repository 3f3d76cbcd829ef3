// The automation's rights on one resource group of clusters: read clusters, extensions and Relay namespaces,
// get the cluster user credential (custom role), and create AKS managed namespaces through ARM.

@description('Principal id of the automation identity.')
param principalId string

@description('GUID of the custom cluster reader role.')
param clusterRoleGuid string

// Azure Kubernetes Service Namespace Contributor: managedClusters/managedNamespaces/* and the deployments that
// back them; no cluster credentials and no Kubernetes API access are needed to create a namespace this way.
var namespaceContributor = '289d8817-ee69-43f1-a0af-43a45505b488'

var roles = [
  clusterRoleGuid
  namespaceContributor
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    name: guid(resourceGroup().id, principalId, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
