// Docker Hub API models (hub.docker.com), field names as the Docker Hub API reference (docs.docker.com/docker-hub/api) lists them
// (docker/docs content/reference/api/hub/latest.yaml). Extra fields the Hub adds are tolerated.

/** A result of GET /v2/namespaces/{namespace}/repositories. */
export interface HubRepository {
  name: string;
  namespace: string;
  repository_type?: string | null;
  status?: number;
  status_description?: string;
  description?: string | null;
  is_private: boolean;
  star_count: number;
  pull_count: number;
  last_updated?: string | null;
  last_modified?: string | null;
  date_registered?: string | null;
  affiliation?: string;
  media_types?: string[];
  content_types?: string[];
  categories?: Array<{ name: string; slug: string }>;
  storage_size?: number | null;
}

/** One platform image of a tag (`images[]`). */
export interface HubImage {
  architecture: string;
  variant?: string | null;
  os: string;
  os_version?: string | null;
  digest?: string | null;
  size: number;
  status?: string;
  last_pulled?: string | null;
  last_pushed?: string | null;
  layers?: Array<{ digest?: string | null; size: number; instruction?: string }>;
}

/** A result of GET /v2/namespaces/{namespace}/repositories/{repository}/tags. */
export interface HubTag {
  id: number;
  name: string;
  repository?: number;
  creator?: number;
  last_updated?: string | null;
  last_updater?: number;
  last_updater_username?: string;
  full_size?: number | null;   // compressed
  v2?: boolean;
  status?: 'active' | 'inactive' | string;
  tag_last_pulled?: string | null;
  tag_last_pushed?: string | null;
  digest?: string;             // the Hub adds it for index/manifest tags; not in NOTES.md, optional
  images: HubImage[];
}

/** A result of GET /v2/search/repositories?query= (not in NOTES.md: the shape the Hub answers). */
export interface HubSearchResult {
  repo_name: string;
  short_description?: string;
  star_count: number;
  pull_count: number;
  repo_owner?: string;
  is_automated: boolean;
  is_official: boolean;
}

/** Django-REST-style list: `next`/`previous` are absolute URLs or null. */
export interface HubList<T> { count: number; next: string | null; previous: string | null; results: T[] }

/** Pull limit read from a registry manifest HEAD (`ratelimit-limit: 100;w=21600`). */
export interface HubPullRateLimit { limit?: number; remaining?: number; windowSeconds?: number; source?: string }

/** Hub API request limit (`X-RateLimit-Limit` per minute, `X-RateLimit-Remaining`, `X-RateLimit-Reset` unix time). */
export interface HubApiRateLimit { limit?: number; remaining?: number; reset?: number }

export type HubRepositoryOrdering = 'name' | '-name' | 'last_updated' | '-last_updated' | 'pull_count' | '-pull_count';
