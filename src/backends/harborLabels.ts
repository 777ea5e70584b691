/** Harbor labels: the project's (scope p) and the global ones (scope g), added to and removed from artifacts. */
import { RegistryError, splitHarborRepository, type CallOptions, type HarborLabelModel, type HarborPolicyApi, type Reference } from '../registry/index';
import type { LabelFacet, LabelInfo } from './policyFacets';

/** Harbor's label name rule (src/controller/label: 1–128 characters, no leading/trailing space). */
const LABEL_NAME = /^\S(?:.{0,126}\S)?$/u;
const COLOR = /^#[0-9A-Fa-f]{6}$/;

const toInfo = (l: HarborLabelModel, global: boolean): LabelInfo => ({ id: l.id, name: l.name, description: l.description || undefined, color: l.color || undefined, global });

export class HarborLabels implements LabelFacet {
  constructor(private readonly api: HarborPolicyApi) {}

  async labels(project: string, opts: CallOptions = {}): Promise<LabelInfo[]> {
    const p = await this.api.project(project, opts);
    const [own, global] = await Promise.all([
      this.api.labels({ projectId: p.project_id }, { signal: opts.signal }),
      this.api.labels({ global: true }, { signal: opts.signal }),
    ]);
    return [...own.items.map((l) => toInfo(l, false)), ...global.items.map((l) => toInfo(l, true))];
  }

  async createLabel(project: string, label: { name: string; description?: string; color?: string }, opts: CallOptions = {}): Promise<void> {
    if (!LABEL_NAME.test(label.name) || /[\u0000-\u001f\u007f]/.test(label.name)) throw new RegistryError(`invalid label name ${JSON.stringify(label.name)}`, { code: 'NAME_INVALID' });
    if (label.color !== undefined && !COLOR.test(label.color)) throw new RegistryError(`invalid label color ${JSON.stringify(label.color)} (expected #RRGGBB)`, { code: 'NAME_INVALID' });
    const p = await this.api.project(project, opts);
    await this.api.createLabel({ name: label.name, description: label.description, color: label.color, scope: 'p', project_id: p.project_id }, opts);
  }

  private parts(ref: Reference): { project: string; repository: string; reference: string } {
    const h = splitHarborRepository(ref.repository);
    return { ...h, reference: ref.digest ?? ref.tagOrDefault() };
  }

  addLabel(ref: Reference, labelId: number, opts: CallOptions = {}): Promise<void> {
    const p = this.parts(ref);
    return this.api.addArtifactLabel(p.project, p.repository, p.reference, labelId, opts);
  }

  removeLabel(ref: Reference, labelId: number, opts: CallOptions = {}): Promise<void> {
    const p = this.parts(ref);
    return this.api.removeArtifactLabel(p.project, p.repository, p.reference, labelId, opts);
  }
}
