// Image references by the distribution grammar (distribution/reference, REFERENCE_GRAMMAR.md and regexp.go),
// normalized the way the Docker CLI does (ParseNormalizedNamed): docker.io, library/, index.docker.io.
// Unlike ParseDockerRef we do NOT add ":latest" — `tag` stays undefined when the input has none;
// `tagOrDefault()` / `withDefaultTag()` apply Docker's default where a caller wants it.
import { RegistryError } from './errors';
import { repositoryScope } from './scope';

export const DEFAULT_REGISTRY = 'docker.io';
export const DEFAULT_TAG = 'latest';
/** RepositoryNameTotalLengthMax in regexp.go: counts only the path, not the domain. */
export const MAX_REPOSITORY_LENGTH = 255;

// Expanded expressions from regexp.go (the code, which is stricter than the grammar comment).
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_AND_PORT = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_RE = new RegExp(`^${DOMAIN_AND_PORT}$`);
const REMOTE_NAME_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HEX64_RE = /^[a-f0-9]{64}$/;
/** go-digest's registered algorithms and their exact hex lengths. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export type ReferencePart = 'reference' | 'registry' | 'repository' | 'tag' | 'digest';

/** A reference that does not follow the grammar. `part` names what is wrong. */
export class InvalidReferenceError extends RegistryError {
  readonly part: ReferencePart;
  readonly input: string;
  constructor(part: ReferencePart, input: string, message: string) {
    super(message, { code: part === 'tag' ? 'TAG_INVALID' : part === 'digest' ? 'DIGEST_INVALID' : 'NAME_INVALID' });
    this.name = 'InvalidReferenceError';
    this.part = part;
    this.input = input;
  }
}

const inInput = (input: string | undefined) => (input === undefined ? '' : ` in ${JSON.stringify(input)}`);

export function validateTag(tag: string, input?: string): void {
  if (!TAG_RE.test(tag)) {
    throw new InvalidReferenceError('tag', input ?? tag,
      `invalid tag ${JSON.stringify(tag)}${inInput(input)}: a tag is 1 to 128 letters, digits, '_', '.' or '-' and must not start with '.' or '-'`);
  }
}

export function validateRepository(name: string, input?: string): void {
  if (name.length === 0) {
    throw new InvalidReferenceError('repository', input ?? name, `invalid repository name${inInput(input)}: repository name must have at least one component`);
  }
  if (!REMOTE_NAME_RE.test(name)) {
    const lower = name.toLowerCase();
    const why = lower !== name && REMOTE_NAME_RE.test(lower)
      ? 'repository name must be lowercase'
      : "components are lowercase letters and digits, separated by '/', and inside a component by one '.', one or two '_', or dashes";
    throw new InvalidReferenceError('repository', input ?? name, `invalid repository name ${JSON.stringify(name)}${inInput(input)}: ${why}`);
  }
  if (name.length > MAX_REPOSITORY_LENGTH) {
    throw new InvalidReferenceError('repository', input ?? name,
      `invalid repository name${inInput(input)}: repository name must not be more than ${MAX_REPOSITORY_LENGTH} characters (it has ${name.length})`);
  }
}

export function validateDigest(digest: string, input?: string): void {
  const bad = (why: string) => new InvalidReferenceError('digest', input ?? digest, `invalid digest ${JSON.stringify(digest)}${inInput(input)}: ${why}`);
  if (!DIGEST_RE.test(digest)) throw bad("expected algorithm:hex, e.g. sha256: and 64 hex digits");
  const [algorithm, hex] = splitOnce(digest, ':');
  const want = DIGEST_HEX_LENGTH[algorithm];
  if (want === undefined) throw bad(`unsupported digest algorithm ${JSON.stringify(algorithm)} (use sha256, sha384 or sha512)`);
  if (hex.length !== want) throw bad(`invalid checksum digest length (${algorithm} needs ${want} hex digits, got ${hex.length})`);
  // OCI image-spec, Descriptor "Digests": the encoded part of sha256/sha512 is lowercase [a-f0-9] (go-digest
  // holds sha384 to the same). An uppercase digest names no content a registry stores, and would compare
  // unequal to the digest we compute, so refuse it here with a clear message.
  if (!/^[a-f0-9]+$/.test(hex)) throw bad('the hex digits of a digest must be lowercase (OCI image-spec, "Digests")');
}

export function validateRegistry(domain: string, input?: string): void {
  if (!DOMAIN_RE.test(domain)) {
    throw new InvalidReferenceError('registry', input ?? domain, `invalid registry ${JSON.stringify(domain)}${inInput(input)}: expected a host name or IP address with an optional :port`);
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

export class Reference {
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;

  /** Builds a reference from parts that are already valid and normalized; use parseReference for user input. */
  constructor(registry: string, repository: string, tag?: string, digest?: string) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /** registry/repository without tag or digest. */
  get name(): string { return `${this.registry}/${this.repository}`; }

  toString(): string {
    return `${this.name}${this.tag !== undefined ? `:${this.tag}` : ''}${this.digest !== undefined ? `@${this.digest}` : ''}`;
  }

  /** Docker's short form (FamiliarString): drop docker.io, then library/ when no other '/' remains. */
  familiar(): string {
    let name = this.name;
    if (this.registry === DEFAULT_REGISTRY) {
      name = this.repository;
      if (name.startsWith('library/') && !name.slice('library/'.length).includes('/')) name = name.slice('library/'.length);
    }
    return `${name}${this.tag !== undefined ? `:${this.tag}` : ''}${this.digest !== undefined ? `@${this.digest}` : ''}`;
  }

  withTag(tag: string): Reference {
    validateTag(tag);
    return new Reference(this.registry, this.repository, tag, undefined);
  }

  withDigest(digest: string): Reference {
    validateDigest(digest);
    return new Reference(this.registry, this.repository, this.tag, digest);
  }

  withRepository(repository: string): Reference {
    validateRepository(repository);
    return new Reference(this.registry, repository, this.tag, this.digest);
  }

  /** The tag, or Docker's default "latest". */
  tagOrDefault(): string { return this.tag ?? DEFAULT_TAG; }

  /** Adds ":latest" when there is neither tag nor digest (what ParseDockerRef does). */
  withDefaultTag(): Reference {
    return this.tag === undefined && this.digest === undefined ? new Reference(this.registry, this.repository, DEFAULT_TAG) : this;
  }

  /** What goes after /manifests/ in the URL: the digest when there is one, else the tag (or "latest"). */
  manifestReference(): string { return this.digest ?? this.tagOrDefault(); }

  /** Token scope (distribution token-scope spec): "repository:library/alpine:pull,push". */
  scope(actions: string[]): string { return repositoryScope(this.repository, actions); }
}

/**
 * Parses a Docker/OCI image reference as the Docker CLI does (ParseNormalizedNamed), keeping
 * `tag` undefined when absent. Throws InvalidReferenceError naming the bad part.
 */
export function parseReference(input: string): Reference {
  if (typeof input !== 'string' || input.length === 0) {
    throw new InvalidReferenceError('reference', String(input ?? ''), 'invalid reference format: repository name must have at least one component');
  }
  if (HEX64_RE.test(input)) {
    throw new InvalidReferenceError('repository', input, `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  // reference := name [ ":" tag ] [ "@" digest ]. '@' is in no other production, so the first one starts the digest.
  const at = input.indexOf('@');
  const nameAndTag = at < 0 ? input : input.slice(0, at);
  const digest = at < 0 ? undefined : input.slice(at + 1);
  // The tag follows the last ':' after the last '/'; a ':' before a '/' is a port.
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon < 0 ? nameAndTag : nameAndTag.slice(0, colon);
  const tag = colon < 0 ? undefined : nameAndTag.slice(colon + 1);

  // splitDockerDomain (normalize.go).
  let registry: string;
  let repository: string;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash >= 0 && (first === 'localhost' || first.includes('.') || first.includes(':') || first !== first.toLowerCase())) {
    registry = first;
    repository = name.slice(slash + 1);
  } else {
    registry = DEFAULT_REGISTRY;
    repository = name;
  }
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && repository.length > 0 && !repository.includes('/')) repository = `library/${repository}`;

  validateRegistry(registry, input);
  if (repository !== repository.toLowerCase() && REMOTE_NAME_RE.test(repository.toLowerCase())) {
    throw new InvalidReferenceError('repository', input, `invalid reference format: repository name (${repository}) must be lowercase${inInput(input)}`);
  }
  validateRepository(repository, input);
  if (tag !== undefined) validateTag(tag, input);
  if (digest !== undefined) validateDigest(digest, input);
  return new Reference(registry, repository, tag, digest);
}

/** True for hosts Docker treats as local (HTTP allowed): localhost, 127.0.0.0/8, ::1. Port ignored. */
export function isLoopbackHost(registry: string): boolean {
  let host = registry;
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'));
  else host = host.replace(/:\d+$/, '');
  host = host.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
