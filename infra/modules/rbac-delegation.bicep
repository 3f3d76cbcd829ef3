// Role Based Access Control Administrator for the automation on one resource group, constrained by an ABAC
// condition: it may create and delete role assignments only for the roles the product grants, and only for
// service principals (managed identities). Anything else is denied by Azure itself, whatever the app does.

@description('Principal id of the automation identity.')
param principalId string

var rbacAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'

// The allow-list of the product (RoleCatalog.All); a test keeps the two identical.
var assignableRoleGuids = [
  '7f951dda-4ed3-4680-a7ca-43fe172d538d' // AcrPull
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' // Storage Blob Data Reader
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
  'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader
  '85cb6faf-e071-4c9b-8136-154b5a04f717' // Kubernetes Extension Contributor
  '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8' // Azure Kubernetes Service Cluster Admin Role
  '2787bf04-f1f5-4bfe-8383-c8a24483ee38' // Azure Relay Owner
]

var roleGuidSet = join(assignableRoleGuids, ', ')

// Writes are checked against the request (@Request), deletes against the existing assignment (@Resource).
var writeClause = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleGuidSet}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'
var deleteClause = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleGuidSet}} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'

resource delegation 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, rbacAdministrator)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'AttachFunctions: assign only the allow-listed roles, only to service principals.'
    condition: '(${writeClause}) AND (${deleteClause})'
    conditionVersion: '2.0'
  }
}
