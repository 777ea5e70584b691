// Media types (OCI image-spec media-types.md; Docker image manifest v2 schema 2).
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_MANIFEST_V1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

export const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);
export const IMAGE_CONFIG_TYPES = new Set([OCI_CONFIG, DOCKER_CONFIG]);

/**
 * Every manifest type we understand, sent in Accept on every manifest GET/HEAD: registry 2.8 answers
 * 404 MANIFEST_UNKNOWN for an OCI manifest when the OCI type is missing from Accept.
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST, DOCKER_MANIFEST_V1_SIGNED].join(', ');
