/**
 * Thrown BEFORE a delete, retag or copy would change a tag that the project's immutability rules protect (and as
 * the meaning of Harbor's 412 PRECONDITION answer when the server refuses one anyway). The editor words it for
 * people (src/commands/immutableMessage.ts); the message here is the CLI's.
 */
import { RegistryError } from '../registry/index';

export class ImmutableTagError extends RegistryError {
  constructor(
    readonly repository: string,
    readonly tag: string | undefined,
    /** How the rule is named ("#3 (repositories matching **, tags matching v*)"), when known. */
    readonly rule: string | undefined,
    readonly action: 'delete' | 'overwrite',
    cause?: unknown,
  ) {
    super(`${tag ? `${repository}:${tag}` : repository} is protected by ${rule ? `immutability rule ${rule}` : 'a tag immutability rule'} of its Harbor project, `
      + `so Harbor refuses to ${action} it. Change or remove the rule (Show Immutability Rules), or use another tag.`, { status: 412, code: 'TAG_IMMUTABLE', cause });
    this.name = 'ImmutableTagError';
  }
}

export function isPreconditionFailed(err: unknown): boolean {
  return err instanceof RegistryError && err.status === 412 && !(err instanceof ImmutableTagError);
}
