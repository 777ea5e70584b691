// Reading response bodies into memory, always with a cap, so a hostile or broken server cannot exhaust memory.
import { RegistryError } from '../errors';

export async function readCapped(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: (e?: Error) => void }, maxBytes: number, what: string, declaredLength?: number): Promise<Buffer> {
  const tooLarge = () => new RegistryError(`response too large: ${what} is over the ${maxBytes}-byte limit`, { code: 'RESPONSE_TOO_LARGE' });
  if (declaredLength !== undefined && declaredLength > maxBytes) {
    body.destroy?.();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy?.();
      throw tooLarge();
    }
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

/** JSON.parse that turns bad input into a clear RegistryError instead of a SyntaxError/TypeError. */
export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`the registry sent malformed JSON for ${what}`, { code: 'MALFORMED_RESPONSE' });
  }
}

export function malformed(what: string, why: string): RegistryError {
  return new RegistryError(`the registry sent an unexpected response for ${what}: ${why}`, { code: 'MALFORMED_RESPONSE' });
}
