/** Cloud Connect state: per domain, its cloud connections (seeded) and bandwidth packages. */
import type { BandwidthPackage, CloudConnection } from '@bwkit/huaweicloud';

/** A cloud connection with every documented field (domain_id is filled per domain). */
export type SimCloudConnection = Required<CloudConnection>;

/**
 * Cloud connections every domain starts with, so a new bandwidth package can be bound to one. The last is not
 * ACTIVE: FREEZED is the frozen state Cloud Connect uses elsewhere (INFERRED for cloud connections).
 */
export const SEEDED_CLOUD_CONNECTIONS: readonly Readonly<Omit<SimCloudConnection, 'domain_id'>>[] = Object.freeze(
  [
    {
      id: 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a',
      name: 'cc-headquarters',
      description: 'HQ VPCs in every region',
      enterprise_project_id: '0',
      created_at: '2026-01-12T08:00:00Z',
      updated_at: '2026-01-12T08:00:00Z',
      tags: [],
      status: 'ACTIVE',
      admin_state_up: true,
      used_scene: 'VPC',
      network_instance_number: 3,
      bandwidth_package_number: 0,
      inter_region_bandwidth_number: 0,
    },
    {
      id: 'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b',
      name: 'cc-asia-pacific',
      description: 'Singapore and Hong Kong offices',
      enterprise_project_id: '0',
      created_at: '2026-03-02T09:30:00Z',
      updated_at: '2026-03-02T09:30:00Z',
      tags: [{ key: 'team', value: 'network' }],
      status: 'ACTIVE',
      admin_state_up: true,
      used_scene: 'VPC',
      network_instance_number: 2,
      bandwidth_package_number: 0,
      inter_region_bandwidth_number: 0,
    },
    {
      id: 'f3a4b5c6-d7e8-4f9a-8b1c-2d3e4f5a6b7c',
      name: 'cc-latam-legacy',
      description: 'Frozen: the account owes a renewal',
      enterprise_project_id: '0',
      created_at: '2025-11-20T10:00:00Z',
      updated_at: '2026-05-01T00:00:00Z',
      tags: [],
      status: 'FREEZED',
      admin_state_up: false,
      used_scene: 'VPC',
      network_instance_number: 1,
      bandwidth_package_number: 0,
      inter_region_bandwidth_number: 0,
    },
  ].map((c) => Object.freeze(c)),
);

export interface CcDomainState {
  cloudConnections: Map<string, SimCloudConnection>;
  bandwidthPackages: Map<string, BandwidthPackage>;
}

export function newCcDomainState(domainId: string): CcDomainState {
  const d: CcDomainState = { cloudConnections: new Map(), bandwidthPackages: new Map() };
  for (const c of SEEDED_CLOUD_CONNECTIONS)
    d.cloudConnections.set(c.id, { ...c, tags: c.tags.map((t) => ({ ...t })), domain_id: domainId });
  return d;
}
