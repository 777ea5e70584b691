/** Why a scan failed; `message` is user-facing (what happened and what to do) and never holds credentials. */
export type ScanErrorCode = 'trivy-not-found' | 'trivy-failed' | 'cancelled' | 'output-too-large' | 'bad-report';

export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
    /** The last lines Trivy wrote to stderr (credentials redacted), for the log. */
    readonly stderrTail?: string,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}
