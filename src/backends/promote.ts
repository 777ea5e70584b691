/** Where a promoted image lands: the same repository path below another namespace ("dev/app" → "staging/app"). */
import { Reference, RegistryError } from '../registry/index';

const NAMESPACE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function promotedReference(ref: Reference, toNamespace: string, newTag?: string): Reference {
  const i = ref.repository.indexOf('/');
  if (i <= 0) throw new RegistryError(`${ref.repository} has no namespace to promote from (expected namespace/repository)`, { code: 'NAME_INVALID' });
  if (!NAMESPACE.test(toNamespace)) throw new RegistryError(`invalid namespace ${JSON.stringify(toNamespace)}`, { code: 'NAME_INVALID' });
  if (toNamespace === ref.repository.slice(0, i)) throw new RegistryError(`${ref.repository} is already in ${toNamespace}`, { code: 'NAME_INVALID' });
  return new Reference(ref.registry, `${toNamespace}/${ref.repository.slice(i + 1)}`, newTag ?? ref.tag, newTag === undefined && ref.tag === undefined ? ref.digest : undefined);
}
