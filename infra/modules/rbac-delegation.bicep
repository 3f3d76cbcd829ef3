// Role Based Access Control Administrator for the automation on ONE place: a resource group of clusters, or one
// container registry or storage account. An ABAC condition limits what it may assign there. Role assignment
// conditions can only see the role definition, the principal id and the principal type of the assignment (Microsoft
// Learn: "Actions and attributes for Azure role assignment conditions"); where the delegation is placed is the only
// scope limit, so it is placed on nothing wider than the resources the product grants on.
//
// Every write and delete must: assign one of `roleGuids`; never to the automation itself; only to
// `assigneePrincipalIds` when that list is given; only to service principals (managed identities). Writes are judged on
// the request (@Request), deletes on the existing assignment (@Resource), so the automation can remove only what it
// could have created (Microsoft Learn: "Azure role assignment condition format and syntax").

@description('Principal id of the automation identity: the holder of the delegation, never an assignee.')
param principalId string

@description('Resource id of the registry or storage account to place the delegation on; empty for the resource group itself.')
param targetResourceId string = ''

@description('Role definition GUIDs the automation may assign here.')
param roleGuids array

@description('Principal ids that alone may receive those roles; empty for any service principal other than the automation.')
param assigneePrincipalIds array

var rbacAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'

// A registry or storage account id has exactly 9 segments: /subscriptions/s/resourceGroups/g/providers/ns/type/name.
var targetSegments = split(targetResourceId, '/')
var targetType = toLower(join(take(skip(targetSegments, 6), 2), '/'))
var targetKind = empty(targetResourceId)
  ? 'resourceGroup'
  : length(targetSegments) == 9 && targetType == 'microsoft.containerregistry/registries'
      ? 'registry'
      : length(targetSegments) == 9 && targetType == 'microsoft.storage/storageaccounts'
          ? 'storageAccount'
          : fail('computeGrantScopeIds: \'${targetResourceId}\' is not the resource id of a container registry or a storage account; compute roles are delegated on those resources only.')

var roleSet = join(roleGuids, ', ')
var requestAssignees = empty(assigneePrincipalIds)
  ? ''
  : ' AND @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${join(assigneePrincipalIds, ', ')}}'
var resourceAssignees = empty(assigneePrincipalIds)
  ? ''
  : ' AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${join(assigneePrincipalIds, ', ')}}'

var writeLimits = '@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleSet}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {${principalId}}${requestAssignees} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'}'
var deleteLimits = '@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleSet}} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {${principalId}}${resourceAssignees} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'}'
var writeClause = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (${writeLimits})'
var deleteClause = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (${deleteLimits})'
var condition = '(${writeClause}) AND (${deleteClause})'
var delegationDescription = 'AttachFunctions: assign only the listed roles, never to itself, only to the listed or to service principals.'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (targetKind == 'registry') {
  name: last(targetSegments)
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = if (targetKind == 'storageAccount') {
  name: last(targetSegments)
}

resource onResourceGroup 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (targetKind == 'resourceGroup') {
  name: guid(resourceGroup().id, principalId, rbacAdministrator)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: delegationDescription
    condition: condition
    conditionVersion: '2.0'
  }
}

resource onRegistry 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (targetKind == 'registry') {
  name: guid(registry.id, principalId, rbacAdministrator)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: delegationDescription
    condition: condition
    conditionVersion: '2.0'
  }
}

resource onStorageAccount 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (targetKind == 'storageAccount') {
  name: guid(storageAccount.id, principalId, rbacAdministrator)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: delegationDescription
    condition: condition
    conditionVersion: '2.0'
  }
}
