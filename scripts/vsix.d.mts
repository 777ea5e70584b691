export function packageVsix(vsix: string, opts?: { timeoutMs?: number }): string;
