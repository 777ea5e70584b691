// Replication policies and executions for the Harbor test server, shaped as Harbor lists them (swagger
// ReplicationPolicy / ReplicationExecution): a push to a remote Harbor on events and a scheduled pull from Docker Hub.
import type { ReplicationSeed } from './harbor-policy-state';

export const REPLICATION_SEED: ReplicationSeed = {
  policies: [
    {
      id: 1, name: 'to-dr-site', description: 'staging → disaster recovery', enabled: true,
      src_registry: { id: 0, name: 'Local', url: 'http://core:8080', type: 'harbor', insecure: false, status: 'healthy' },
      dest_registry: { id: 2, name: 'dr-harbor', url: 'https://dr.example.com', type: 'harbor', insecure: false, status: 'healthy' },
      dest_namespace: 'staging', trigger: { type: 'event_based' },
      filters: [{ type: 'name', value: 'staging/**', decoration: 'matches' }], replicate_deletion: false, override: true,
      creation_time: '2026-01-01T00:00:00Z', update_time: '2026-01-01T00:00:00Z',
    },
    {
      id: 2, name: 'mirror-hub', description: '', enabled: false,
      src_registry: { id: 3, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub', insecure: false, status: 'healthy' },
      dest_registry: { id: 0, name: 'Local', url: 'http://core:8080', type: 'harbor', insecure: false, status: 'healthy' },
      dest_namespace: 'library', trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } },
      filters: [], replicate_deletion: false, override: false,
      creation_time: '2026-01-01T00:00:00Z', update_time: '2026-01-01T00:00:00Z',
    },
  ],
  executions: [
    { id: 11, policy_id: 1, status: 'Succeed', trigger: 'event_based', start_time: '2026-02-01T10:00:00Z', end_time: '2026-02-01T10:01:00Z', status_text: '', total: 3, failed: 0, succeed: 3, in_progress: 0, stopped: 0 },
    { id: 12, policy_id: 1, status: 'Failed', trigger: 'event_based', start_time: '2026-02-02T10:00:00Z', end_time: '2026-02-02T10:02:00Z', status_text: '1 of 2 tasks failed', total: 2, failed: 1, succeed: 1, in_progress: 0, stopped: 0 },
    { id: 21, policy_id: 2, status: 'InProgress', trigger: 'scheduled', start_time: '2026-02-03T02:00:00Z', end_time: '0001-01-01T00:00:00Z', status_text: '', total: 5, failed: 0, succeed: 2, in_progress: 3, stopped: 0 },
  ],
};
