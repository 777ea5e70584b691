export interface DelayProxy {
  port: number;
  requests(): number;
  tlsHandshakes(): number;
  byKind(): Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}
export function startDelayProxy(opts: { targetPort: number; delayMs: number }): Promise<DelayProxy>;
