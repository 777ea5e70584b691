// Typed errors for everything the registry client does.
// `message` is user-facing: what happened and, where there is one, what to do next. It never carries a credential.

export interface RegistryErrorOptions {
  status?: number;
  code?: string;
  detail?: unknown;
  temporary?: boolean;
  cause?: unknown;
  /** Seconds the server asked us to wait (Retry-After), when known. */
  retryAfterSeconds?: number;
}

export class RegistryError extends Error {
  status?: number;
  /** The distribution error code from the response body (e.g. MANIFEST_UNKNOWN), or a client code. */
  code?: string;
  detail?: unknown;
  /** True when trying again later may succeed (rate limits, 5xx, connection resets, timeouts). */
  temporary: boolean;
  retryAfterSeconds?: number;

  constructor(message: string, opts: RegistryErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RegistryError';
    this.status = opts.status;
    this.code = opts.code;
    this.detail = opts.detail;
    this.temporary = opts.temporary ?? false;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** One entry of the distribution error body: {"errors":[{"code","message","detail"}]} (distribution-spec "Error Codes"). */
export interface DistributionErrorEntry { code: string; message?: string; detail?: unknown }

/** Reads the distribution error body, tolerating anything (HTML from a proxy, empty bodies, wrong shapes). */
export function parseErrorBody(body: Buffer | undefined): DistributionErrorEntry[] {
  if (!body || body.length === 0) return [];
  let json: unknown;
  try { json = JSON.parse(body.toString('utf8')); } catch { return []; }
  if (!json || typeof json !== 'object') return [];
  const errors = (json as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const out: DistributionErrorEntry[] = [];
  for (const e of errors) {
    if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
      const m = (e as { message?: unknown }).message;
      out.push({ code: (e as { code: string }).code, message: typeof m === 'string' ? m : undefined, detail: (e as { detail?: unknown }).detail });
    }
  }
  return out;
}

const TEMPORARY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Builds the error for a non-success response. `what` names the thing the caller asked for
 * ("tags of 127.0.0.1:5000/app", "manifest 127.0.0.1:5000/app:1.0").
 */
export function errorFromResponse(status: number, body: Buffer | undefined, what: string, extra: { retryAfterSeconds?: number } = {}): RegistryError {
  const entries = parseErrorBody(body);
  const first = entries[0];
  const code = first?.code;
  const serverSays = first?.message ? `: ${first.message}` : '';
  const temporary = TEMPORARY_STATUS.has(status);
  let message: string;
  switch (true) {
    case status === 401:
      message = `authentication required for ${what}${serverSays}. Sign in to the registry (check the username and password or token).`;
      break;
    case status === 403:
      message = `access denied to ${what}${serverSays}. The account lacks permission; use an account with access.`;
      break;
    case status === 404:
      message = `${what} not found${code ? ` (${code})` : ''}. Check the repository, tag or digest.`;
      break;
    case status === 405 && code === 'UNSUPPORTED':
    case status === 405:
      message = `${what}: operation not supported by this registry (HTTP 405${code ? ` ${code}` : ''}).`;
      break;
    case status === 429:
      message = `rate limited by the registry while requesting ${what}${extra.retryAfterSeconds !== undefined ? `; retry after ${extra.retryAfterSeconds}s` : ''}. Try again later or sign in for a higher limit.`;
      break;
    case status >= 500:
      message = `the registry failed (HTTP ${status}) on ${what}${serverSays}. Try again later.`;
      break;
    default:
      message = `${what}: HTTP ${status}${code ? ` ${code}` : ''}${serverSays}`;
  }
  return new RegistryError(message, { status, code, detail: entries.length ? entries : undefined, temporary, retryAfterSeconds: extra.retryAfterSeconds });
}
