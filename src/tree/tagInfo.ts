// The tag row model lives with the backends that produce it (src/backends/tagInfo.ts); re-exported for the tree.
export { fromHarborArtifact, fromHubTag, fromImageDetails, isIndexMediaType } from '../backends/tagInfo';
export type { TagInfo, PlatformInfo, ScanSummary } from '../backends/tagInfo';
