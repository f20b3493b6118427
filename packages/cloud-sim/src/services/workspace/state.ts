/** Workspace state: per project, its subnets, bandwidths, jobs and pending change orders. */
import type { SingleSubnetInfo, WorkspaceBandwidthDetail } from '@bwkit/huaweicloud';

/**
 * Existing bandwidths every project starts with (seeded lazily on the project's first request), with fixed ids so
 * a change order works out of the box and demos/tests can reference them. The first three are yearly/monthly
 * (`wks_bandwidth`); the last is pay-per-use (`wks_traffic`), which a change order refuses with 409.
 */
export const SEEDED_WORKSPACE_BANDWIDTHS: readonly Readonly<WorkspaceBandwidthDetail>[] = Object.freeze(
  [
    {
      bandwidth_id: '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
      bandwidth_name: 'wks-office-beijing',
      charge_mode: 'wks_bandwidth',
      size: 10,
      vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      subnet_id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583',
      enterprise_project_id: '0',
      created_at: '2026-01-05T08:00:00Z',
      order_id: 'CS2601050800SEEDA',
      status: 'ACTIVE',
    },
    {
      bandwidth_id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
      bandwidth_name: 'wks-office-shanghai',
      charge_mode: 'wks_bandwidth',
      size: 20,
      vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      subnet_id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
      enterprise_project_id: '0',
      created_at: '2026-02-10T09:30:00Z',
      order_id: 'CS2602100930SEEDB',
      status: 'ACTIVE',
    },
    {
      bandwidth_id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
      bandwidth_name: 'wks-lab-shenzhen',
      charge_mode: 'wks_bandwidth',
      size: 50,
      vpc_id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
      subnet_id: '8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f',
      enterprise_project_id: '0',
      created_at: '2026-03-15T10:00:00Z',
      order_id: 'CS2603151000SEEDC',
      status: 'ACTIVE',
    },
    {
      bandwidth_id: '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
      bandwidth_name: 'wks-traffic-guangzhou',
      charge_mode: 'wks_traffic',
      size: 10,
      vpc_id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
      subnet_id: '0e1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b',
      enterprise_project_id: '0',
      created_at: '2026-04-20T11:00:00Z',
      status: 'ACTIVE',
    },
  ].map((b) => Object.freeze(b as WorkspaceBandwidthDetail)),
);

/** A subnet as ListSubnets answers it: every documented field present. */
export type SimSubnet = Required<Omit<SingleSubnetInfo, 'neutron_ipv6_subnet_id'>>;

export interface SeededSubnet {
  id: string;
  name: string;
  cidr: string;
  vpc_id: string;
  /** the availability zone's letter: the zone is `<region><letter>` */
  az: string;
  description: string;
}

export const SEEDED_VPC_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d': 'vpc-office',
  'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e': 'vpc-lab',
  'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f': 'vpc-training',
});

/**
 * Subnets every project starts with: the four the seeded bandwidths sit on, plus two without a bandwidth, so a new
 * Workspace bandwidth can be created on a subnet picked from the list.
 */
export const SEEDED_WORKSPACE_SUBNETS: readonly Readonly<SeededSubnet>[] = Object.freeze(
  [
    {
      id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583',
      name: 'subnet-office-1',
      cidr: '192.168.0.0/24',
      vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      az: 'a',
      description: 'Office desktops, floor 1',
    },
    {
      id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
      name: 'subnet-office-2',
      cidr: '192.168.1.0/24',
      vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      az: 'b',
      description: 'Office desktops, floor 2',
    },
    {
      id: '8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f',
      name: 'subnet-lab',
      cidr: '10.10.0.0/24',
      vpc_id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
      az: 'a',
      description: 'Lab desktops',
    },
    {
      id: '0e1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b',
      name: 'subnet-lab-traffic',
      cidr: '10.10.1.0/24',
      vpc_id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
      az: 'b',
      description: 'Lab desktops billed by traffic',
    },
    {
      id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
      name: 'subnet-office-3',
      cidr: '192.168.2.0/24',
      vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      az: 'c',
      description: 'Office desktops, floor 3 (no bandwidth yet)',
    },
    {
      id: 'c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f',
      name: 'subnet-training',
      cidr: '172.16.0.0/24',
      vpc_id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      az: 'a',
      description: 'Training room (no bandwidth yet)',
    },
  ].map((s) => Object.freeze(s)),
);

/** The region a project's subnets are placed in when the request's Host does not name one. */
export const DEFAULT_SUBNET_REGION = 'ap-southeast-1';

export function subnetFromSeed(s: SeededSubnet, region: string): SimSubnet {
  const gateway = s.cidr.replace(/\.0\/\d+$/, '.1');
  return {
    id: s.id,
    name: s.name,
    cidr: s.cidr,
    gateway_ip: gateway,
    vpc_id: s.vpc_id,
    availability_zone: `${region}${s.az}`,
    status: 'ACTIVE',
    dhcp_enable: true,
    ipv6_enable: false,
    primary_dns: '100.125.1.250',
    secondary_dns: '100.125.21.250',
    // a different, stable UUID: the Neutron subnet behind the VPC subnet
    neutron_subnet_id: s.id.replace(/[0-9a-f]/g, (d) => ((parseInt(d, 16) + 7) % 16).toString(16)),
    description: s.description,
    unused: false,
    checked: true,
  };
}

export interface SimJob {
  id: string;
  projectId: string;
  /** create: a new bandwidth (runs on the clock); change: a change order's job (runs once its order is paid) */
  kind: 'create' | 'change';
  jobType: string;
  subJobId: string;
  /** clock time (ms) the job was accepted */
  createdAt: number;
  bandwidthId: string;
  /** change jobs: the order that runs them */
  orderId?: string;
  /** set when a job_fail fault hit this job, or its order was cancelled */
  fail?: { code: string; reason: string };
  /** clock time (ms) the job ended early (its purchase order was cancelled) */
  endedAt?: number;
  settled: boolean;
}

export interface WorkspaceProjectState {
  subnets: Map<string, SimSubnet>;
  workspaceBandwidths: Map<string, WorkspaceBandwidthDetail>;
  jobs: Map<string, SimJob>;
  /** bandwidth id → order id of its change order that is unpaid or paid but not yet applied */
  pendingChanges: Map<string, string>;
}

export function newWorkspaceProjectState(region = DEFAULT_SUBNET_REGION): WorkspaceProjectState {
  const p: WorkspaceProjectState = {
    subnets: new Map(),
    workspaceBandwidths: new Map(),
    jobs: new Map(),
    pendingChanges: new Map(),
  };
  for (const s of SEEDED_WORKSPACE_SUBNETS) p.subnets.set(s.id, subnetFromSeed(s, region));
  for (const b of SEEDED_WORKSPACE_BANDWIDTHS) p.workspaceBandwidths.set(b.bandwidth_id, { ...b });
  return p;
}
