// `regx scan`: on this branch only the comparison mode (`--diff A B`, scanDiff.ts). The single-image scan with
// its gate (`regx scan REF --exit-code N …`) is built beside it; this entry dispatches between the two.
import { flag } from '../args';
import type { CommandContext } from '../context';
import { UsageError } from '../errors';
import { scanDiff } from './scanDiff';

export async function scan(ctx: CommandContext): Promise<void> {
  if (flag(ctx.args, 'diff')) return scanDiff(ctx);
  throw new UsageError('scan needs --diff REF_A REF_B (usage: regx scan --diff REF_A REF_B [--format table|json] [--fail-on SEVERITY])');
}
