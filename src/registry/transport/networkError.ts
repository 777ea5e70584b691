// What a failed send means for the user: one RegistryError with what happened and what to do. The advice is
// generic (this client serves the extension and the CLI); a front end that names its own settings or flags
// replaces TLS_ADVICE instead of adding a second piece of advice.
import { RegistryError } from '../errors';
import { isAbort } from '../isAbort';
import { errorCode } from './retry';

/** Node's and OpenSSL's codes for a certificate chain that does not verify. */
const CERT_ERRORS = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/;

export const TLS_ADVICE = "Add the registry's CA file, or mark the registry insecure if you trust the network.";

export function networkError(e: unknown, url: URL, signal?: AbortSignal): RegistryError {
  if (e instanceof RegistryError) return e;
  if (isAbort(e, signal)) return new RegistryError(`request to ${url.host} cancelled`, { code: 'ABORTED', cause: e });
  const code = errorCode(e) ?? '';
  if (CERT_ERRORS.test(code)) {
    return new RegistryError(`the TLS certificate of ${url.host} is not trusted (${code}). ${TLS_ADVICE}`, { code: 'TLS_UNTRUSTED', cause: e });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new RegistryError(`${url.host} did not answer in time (${code}). Check the network or try again.`, { code: 'TIMEOUT', temporary: true, cause: e });
  }
  return new RegistryError(`cannot reach ${url.host}: ${code || (e as Error)?.message || String(e)}. Check the address, the network and that the registry is running.`,
    { code: code || 'NETWORK', temporary: true, cause: e });
}
