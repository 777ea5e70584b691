/**
 * The one command table: command id → handler. `extension.ts` registers every entry once,
 * binding the handler to the shared `Ctx` (src/context.ts). Every id here is also listed in
 * package.json `contributes.commands` (the host test checks both directions).
 */
import type { CommandHandler } from '../context';

export const commandTable: Record<string, CommandHandler> = {
};
