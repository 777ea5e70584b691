// Shapes shared by the client, the operations and their callers (OCI image-spec descriptor/manifest/index).

export interface Platform { os: string; architecture: string; variant?: string; 'os.version'?: string; 'os.features'?: string[] }

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  artifactType?: string;
  urls?: string[];
}

export interface ManifestDescriptor { digest: string; mediaType: string; size: number }

export interface Manifest extends ManifestDescriptor {
  bytes: Buffer;
  json: unknown;
  isIndex: boolean;
  manifests?: Descriptor[];
  layers?: Descriptor[];
  config?: Descriptor;
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface ImageDetails {
  digest: string;
  mediaType: string;
  /** Image: manifest + config + layers. Index: index + the size of the platform image read for `created` (see imageConfig). */
  size: number;
  created?: string;
  platforms: Platform[];
  /** The config of the image (for an index: of the platform image chosen), when it is an image config. */
  config?: unknown;
}

export interface Page<T> { items: T[]; next?: string /* opaque cursor */; total?: number }

export interface RequestLogLine { method: string; url: string; status?: number; ms: number; error?: string }

export interface CallOptions { signal?: AbortSignal }

/**
 * A memo keyed by digest for content a caller reads across many images (config blobs, platform manifests):
 * a digest names immutable bytes (OCI image-spec descriptor.md "Digests"), so one read serves every image
 * that refers to it. `load` runs only when the digest is not held; a failed load must not be kept.
 */
export interface ContentCache { get<T>(key: string, load: () => Promise<T>): Promise<T> }
