/**
 * Results of "Verify Signature", by registry, repository and digest: the tag row shows them (verified / failed /
 * unsigned, with the reason in its tooltip). A digest names immutable content, so a result stays true for it
 * until the signatures attached to it change; a refresh of the repository forgets them.
 */
export interface VerificationMark { status: 'verified' | 'failed' | 'unsigned'; reason: string }

export class VerificationMarks {
  private readonly marks = new Map<string, VerificationMark>();
  private key(registryId: string, repository: string, digest: string): string { return `${registryId}\n${repository}\n${digest}`; }
  get(registryId: string, repository: string, digest: string | undefined): VerificationMark | undefined {
    return digest ? this.marks.get(this.key(registryId, repository, digest)) : undefined;
  }
  set(registryId: string, repository: string, digest: string, mark: VerificationMark): void {
    this.marks.set(this.key(registryId, repository, digest), mark);
  }
  forget(registryId: string, repository: string): void {
    const prefix = `${registryId}\n${repository}\n`;
    for (const k of [...this.marks.keys()]) if (k.startsWith(prefix)) this.marks.delete(k);
  }
}
