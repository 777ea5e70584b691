export function cleanEnv(extra?: Record<string, string>, base?: NodeJS.ProcessEnv): Record<string, string>;
export function droppedNames(base?: NodeJS.ProcessEnv): string[];
