import type { Finding } from '../scan/model';

/** The finding the detail pane shows: the selected one, if it still exists in this report. */
export function detailFor(selected: number | undefined, byKey: readonly Finding[]): Finding | undefined {
  return selected === undefined ? undefined : byKey[selected];
}
