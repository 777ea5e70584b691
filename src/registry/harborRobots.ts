// Harbor robot accounts, v2.0 robot API (swagger tag `robot`: /robots, /robots/{robot_id}). The secret comes back
// only from create and refresh; callers must not log or keep it.
import type { HarborClient, HarborListOptions } from './harbor';
import type { CallOptions, Page } from './types';
import type { HarborRobot, HarborRobotCreate, HarborRobotCreated } from './harbor-admin-types';

export class HarborRobots {
  constructor(readonly harbor: HarborClient) {}

  /** Project robots (`q=Level=project,ProjectID=<id>`, as Harbor's portal asks) or system robots (`Level=system`). */
  async list(scope: { projectId: number } | 'system', opts: HarborListOptions = {}): Promise<Page<HarborRobot>> {
    const q = scope === 'system' ? 'Level=system' : `Level=project,ProjectID=${scope.projectId}`;
    return this.harbor.list<HarborRobot>('/robots', 'robot accounts', { ...opts, q });
  }

  async get(id: number, opts: CallOptions = {}): Promise<HarborRobot> {
    const res = await this.harbor.call('GET', `/robots/${id}`, `robot account ${id}`, opts);
    return this.harbor.json<HarborRobot>(res, `robot account ${id}`);
  }

  /** POST /robots: 201 with the secret (shown once). */
  async create(req: HarborRobotCreate, opts: CallOptions = {}): Promise<HarborRobotCreated> {
    const res = await this.harbor.call('POST', '/robots', `new robot account ${req.name}`, { body: req, signal: opts.signal, expect: [201] });
    return this.harbor.json<HarborRobotCreated>(res, 'the new robot account');
  }

  /** PUT /robots/{id} takes the whole Robot: read it, flip `disable`, write it back. */
  async setDisabled(id: number, disabled: boolean, opts: CallOptions = {}): Promise<void> {
    const r = await this.get(id, opts);
    const body: HarborRobot = { id: r.id, name: r.name, description: r.description, level: r.level, duration: r.duration, disable: disabled, permissions: r.permissions };
    await this.harbor.call('PUT', `/robots/${id}`, `robot account ${r.name}`, { body, signal: opts.signal });
  }

  /** PATCH /robots/{id} with an empty RobotSec: Harbor generates a new secret and returns it (once). */
  async refreshSecret(id: number, opts: CallOptions = {}): Promise<string> {
    const res = await this.harbor.call('PATCH', `/robots/${id}`, `new secret of robot account ${id}`, { body: {}, signal: opts.signal });
    return this.harbor.json<{ secret: string }>(res, 'the new robot secret').secret;
  }

  async delete(id: number, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('DELETE', `/robots/${id}`, `robot account ${id}`, opts);
  }
}
