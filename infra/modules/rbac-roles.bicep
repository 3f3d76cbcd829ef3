// Custom role definitions for the automation: only the actions it performs, assignable only where it works.
targetScope = 'subscription'

@description('GUID (name) of the Azure ML compute operator role.')
param computeRoleGuid string

@description('GUID (name) of the cluster reader role.')
param clusterRoleGuid string

@description('Environment name, part of the role names (custom role names are unique per tenant).')
param environmentName string

@description('Resource groups that hold the Azure ML workspaces.')
param workspaceResourceGroupIds array

@description('Resource groups that hold the AKS and Arc-enabled clusters.')
param clusterResourceGroupIds array

resource computeRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(workspaceResourceGroupIds)) {
  name: computeRoleGuid
  properties: {
    roleName: 'AttachFunctions ML compute operator (${environmentName})'
    description: 'Attach, inspect and detach Kubernetes computes of Azure Machine Learning workspaces.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.MachineLearningServices/workspaces/read'
          'Microsoft.MachineLearningServices/workspaces/computes/read'
          'Microsoft.MachineLearningServices/workspaces/computes/write'
          'Microsoft.MachineLearningServices/workspaces/computes/delete'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: workspaceResourceGroupIds
  }
}

resource clusterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(clusterResourceGroupIds)) {
  name: clusterRoleGuid
  properties: {
    roleName: 'AttachFunctions cluster reader (${environmentName})'
    description: 'Read AKS and Arc-enabled clusters, their extensions and Relay namespaces, and get the AKS cluster user credential.'
    type: 'CustomRole'
    // AKS listClusterUserCredential: the Kubernetes API namespace strategy reads the server address and CA from the
    // user kubeconfig (ArmGateway.ListClusterUserCredentialAsync) and authenticates with its own Entra token. Arc
    // cluster connect (connectedClusters/listClusterUserCredential) is not called by the product, so not granted.
    permissions: [
      {
        actions: [
          'Microsoft.Resources/subscriptions/resourceGroups/read'
          'Microsoft.ContainerService/managedClusters/read'
          'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'
          'Microsoft.Kubernetes/connectedClusters/read'
          'Microsoft.KubernetesConfiguration/extensions/read'
          'Microsoft.Relay/namespaces/read'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: clusterResourceGroupIds
  }
}
