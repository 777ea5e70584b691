// Token scopes (distribution token-scope spec, "Resource Scope Grammar": "type:name:actions"), built in one place.

/** "repository:<name>:<actions>", e.g. repository:library/alpine:pull,push. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}

export const pullScope = (repository: string): string[] => [repositoryScope(repository, ['pull'])];
/** One token for a GET and the PUT that follows it. */
export const pushPullScope = (repository: string): string[] => [repositoryScope(repository, ['pull', 'push'])];
/** Distribution's token auth wants the "delete" action for DELETE; pull is asked with it so one token serves a whole delete. */
export const deleteScope = (repository: string): string[] => [repositoryScope(repository, ['pull', 'delete'])];
/** The catalog (distribution-spec "Listing Repositories") is a registry-wide resource. */
export const CATALOG_SCOPE = 'registry:catalog:*';
