// Public surface of the shared registry client (docs/client-contract.md). Plain Node: never imports 'vscode'.
export * from './reference';
export * from './challenge';
export * from './errors';
export * from './credentials';
export * from './types';
export * from './mediaTypes';
export * from './digest';
export { RegistryClient, redactUrl } from './client';
export type { RegistryClientOptions, RegistryRequest, RegistryResponse, ResponseHeaders, RetryInfo } from './client';
export { parseManifest, DELETE_DISABLED_MESSAGE } from './distribution';
export { MemoryChallengeCache, FileChallengeCache, processChallengeCache } from './transport/challengeCache';
export type { ChallengeCache } from './transport/challengeCache';
export * from './harbor'; export * from './harbor-types';
export { retag, copyImage, mapLimit } from './copy';
export type { CopyOptions, CopyProgress } from './copy';
export { planDelete, executeDelete, probeTagDelete, tagsPointingAt } from './delete';
export type { DeletePlan, DeleteOptions, TagDeleteSupport } from './delete';
export type { ScopedOptions } from './client';
