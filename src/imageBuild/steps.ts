/**
 * Follows a build's output to say which step failed. Formats:
 * - buildah/podman: `STEP 2/3: RUN make` and, on failure, `Error: building at STEP "RUN make": exit status 2`
 * - docker classic builder: `Step 2/3 : RUN make`
 * - docker BuildKit (`--progress=plain`): `#7 [2/3] RUN make`, then `#7 ERROR: process "/bin/sh -c make" …`
 */
export interface StepInfo {
  index?: number;
  total?: number;
  instruction: string;
}

export class StepTracker {
  private current: StepInfo | undefined;
  private failed: StepInfo | undefined;
  /** BuildKit vertex number → its step. */
  private readonly vertices = new Map<string, StepInfo>();

  feed(line: string): void {
    let m = /^STEP (\d+)\/(\d+): (.*)$/.exec(line) ?? /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
    if (m) { this.current = { index: Number(m[1]), total: Number(m[2]), instruction: m[3] as string }; return; }
    m = /^#(\d+) \[(?:[^\]\s]+ )?(\d+)\/(\d+)\] (.*)$/.exec(line);
    if (m) {
      const s = { index: Number(m[2]), total: Number(m[3]), instruction: m[4] as string };
      this.vertices.set(m[1] as string, s);
      this.current = s;
      return;
    }
    m = /^#(\d+) ERROR: /.exec(line);
    if (m) { this.failed = this.vertices.get(m[1] as string) ?? this.failed; return; }
    m = /^Error: building at STEP "(.*)": /.exec(line);
    if (m) {
      const instr = m[1] as string;
      this.failed = this.current && this.current.instruction === instr ? this.current : { ...this.current, instruction: instr };
    }
  }

  /** The failed step if the output named one, else the last step that started. */
  failedStep(): StepInfo | undefined {
    return this.failed ?? this.current;
  }

  static describe(s: StepInfo): string {
    return s.index !== undefined && s.total !== undefined ? `step ${s.index}/${s.total} (${s.instruction})` : `step ${s.instruction}`;
  }
}
