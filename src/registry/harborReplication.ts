// Harbor replication, read-only: GET /replication/policies and GET /replication/executions?policy_id=
// (swagger operations listReplicationPolicies, listReplicationExecutions). Listing needs the system admin role.
import type { HarborClient, HarborListOptions } from './harbor';
import type { Page } from './types';
import type { HarborReplicationExecution, HarborReplicationPolicy } from './harborPolicyTypes';

export function replicationPolicies(harbor: HarborClient, opts: HarborListOptions = {}): Promise<Page<HarborReplicationPolicy>> {
  return harbor.list<HarborReplicationPolicy>('/replication/policies', 'replication policies', { sort: 'name', ...opts });
}

/** The newest executions of one policy first. */
export function replicationExecutions(harbor: HarborClient, policyId: number, opts: HarborListOptions = {}): Promise<Page<HarborReplicationExecution>> {
  return harbor.list<HarborReplicationExecution>('/replication/executions', `executions of replication policy ${policyId}`, { sort: '-start_time', ...opts }, { policy_id: policyId });
}
