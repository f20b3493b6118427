import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FieldIssue, ISSUE_CODES, type Validation } from './issues.js';
import { formatIssue, LOCALES } from './messages.js';
import {
  BandwidthPackageCreatedSchema,
  ChangeOrderCreatedSchema,
  CreateBandwidthPackageRequestSchema,
  CreateSharedBandwidthRequestSchema,
  CreateWorkspaceBandwidthRequestSchema,
  JobSchema,
  SharedBandwidthCreatedSchema,
  type ValidatedOperation,
  validateBandwidthId,
  validateChangeWorkspaceBandwidth,
  validateCreateBandwidthPackage,
  validateCreateSharedBandwidth,
  validateCreateWorkspaceBandwidth,
  validateField,
  validateRequest,
  WorkspaceBandwidthAcceptedSchema,
} from './operations.js';
import { DEFAULT_LIMITS, type RuleContext } from './rules.js';

const INTL: RuleContext = {
  site: 'international',
  limits: DEFAULT_LIMITS,
  regions: ['ap-southeast-1', 'ap-southeast-3'],
};
const CN: RuleContext = { site: 'chinese-mainland', limits: DEFAULT_LIMITS, regions: ['cn-north-4'] };
const WIDE: RuleContext = {
  ...INTL,
  limits: { ...DEFAULT_LIMITS, sharedBandwidth: { minMbps: 5, maxMbps: 2000 } },
};
const NARROW: RuleContext = {
  ...INTL,
  limits: { ...DEFAULT_LIMITS, workspaceBandwidth: { minMbps: 10, maxMbps: 100, nameMaxLength: 10 } },
};

const validators = {
  createWorkspaceBandwidth: validateCreateWorkspaceBandwidth,
  changeWorkspaceBandwidth: validateChangeWorkspaceBandwidth,
  createSharedBandwidth: validateCreateSharedBandwidth,
  createBandwidthPackage: validateCreateBandwidthPackage,
} satisfies Record<ValidatedOperation, (i: unknown, c: RuleContext) => Validation<unknown>>;

type Case = {
  name: string;
  op: ValidatedOperation;
  input: Record<string, unknown>;
  ctx?: RuleContext;
  /** Expected issue; absent = the input is valid. */
  expect?: { path: string; code: string };
};

// Seed examples, turned into the public camelCase API.
const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583'; // the Workspace API “Creating Workspace Bandwidth” example
const wks = { subnetId: SUBNET, chargeMode: 'wks_bandwidth', sizeMbps: 1 }; // the example request of the Workspace API “Creating Workspace Bandwidth”
const vpc = { name: 'bandwidth123', sizeMbps: 10 }; // the example request of the VPC API “Assigning a Shared Bandwidth”
/** Seed 003 example request (billing_mode 5 = 95th percentile on the Chinese mainland site). */
const ccSeed = {
  name: 'test_bwp_name',
  localArea: 'Chinese-Mainland',
  remoteArea: 'Chinese-Mainland',
  sizeMbps: 5,
  chargeMode: 'bandwidth',
  billingMode: 5,
  interflowMode: 'Area',
};
const cc = { name: 'bwp-1', localArea: 'Chinese-Mainland', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: 10 };
const month = (periodCount: unknown) => ({ periodType: 'month', periodCount, autoRenew: false, autoPay: true });
const year = (periodCount: unknown) => ({ periodType: 'year', periodCount });
const chg = { sizeMbps: 20, autoPay: false };

const err = (path: string, code: string) => ({ path, code });

const cases: Case[] = [
  // ---- VPC shared bandwidth (VPC API, Assigning a Shared Bandwidth)
  { name: 'VPC API example', op: 'createSharedBandwidth', input: vpc },
  { name: 'size 5 (default minimum)', op: 'createSharedBandwidth', input: { ...vpc, sizeMbps: 5 } },
  {
    name: 'size 4 below minimum',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 4 },
    expect: err('sizeMbps', 'too_small'),
  },
  { name: 'size 300', op: 'createSharedBandwidth', input: { ...vpc, sizeMbps: 300 } },
  {
    name: 'size 301 (above 300 needs steps of 50)',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 301 },
    expect: err('sizeMbps', 'size_step'),
  },
  { name: 'size 350', op: 'createSharedBandwidth', input: { ...vpc, sizeMbps: 350 } },
  {
    name: 'size 375',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 375 },
    expect: err('sizeMbps', 'size_step'),
  },
  { name: 'size 1000', op: 'createSharedBandwidth', input: { ...vpc, sizeMbps: 1000 } },
  {
    name: 'size 1050 above the default max',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 1050 },
    expect: err('sizeMbps', 'too_big'),
  },
  {
    name: 'size 1050 with max 2000 (steps of 500)',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 1050 },
    ctx: WIDE,
    expect: err('sizeMbps', 'size_step'),
  },
  { name: 'size 1500 with max 2000', op: 'createSharedBandwidth', input: { ...vpc, sizeMbps: 1500 }, ctx: WIDE },
  {
    name: 'size 1500 with the default max',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 1500 },
    expect: err('sizeMbps', 'too_big'),
  },
  { name: 'size 2000 with max 2000', op: 'createSharedBandwidth', input: { ...vpc, sizeMbps: 2000 }, ctx: WIDE },
  {
    name: 'size 2500 with max 2000',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 2500 },
    ctx: WIDE,
    expect: err('sizeMbps', 'too_big'),
  },
  {
    name: 'size 10.5',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: 10.5 },
    expect: err('sizeMbps', 'not_integer'),
  },
  {
    name: 'size "10" (a string)',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: '10' },
    expect: err('sizeMbps', 'invalid_type'),
  },
  {
    name: 'size NaN',
    op: 'createSharedBandwidth',
    input: { ...vpc, sizeMbps: Number.NaN },
    expect: err('sizeMbps', 'invalid_type'),
  },
  { name: 'size missing', op: 'createSharedBandwidth', input: { name: 'bw' }, expect: err('sizeMbps', 'required') },
  { name: 'name of 64', op: 'createSharedBandwidth', input: { ...vpc, name: 'a'.repeat(64) } },
  {
    name: 'name of 65',
    op: 'createSharedBandwidth',
    input: { ...vpc, name: 'a'.repeat(65) },
    expect: err('name', 'too_long'),
  },
  {
    name: "name 'a b'",
    op: 'createSharedBandwidth',
    input: { ...vpc, name: 'a b' },
    expect: err('name', 'name_chars'),
  },
  {
    name: "name '共享带宽-01' (letters, digits, _ - . only)",
    op: 'createSharedBandwidth',
    input: { ...vpc, name: '共享带宽-01' },
    expect: err('name', 'name_chars'),
  },
  { name: "name 'bw_1.x-2'", op: 'createSharedBandwidth', input: { ...vpc, name: 'bw_1.x-2' } },
  { name: "name ''", op: 'createSharedBandwidth', input: { ...vpc, name: '' }, expect: err('name', 'required') },
  { name: 'name missing', op: 'createSharedBandwidth', input: { sizeMbps: 10 }, expect: err('name', 'required') },
  {
    name: 'name a number',
    op: 'createSharedBandwidth',
    input: { ...vpc, name: 12 },
    expect: err('name', 'invalid_type'),
  },
  { name: 'allowed region', op: 'createSharedBandwidth', input: { ...vpc, region: 'ap-southeast-3' } },
  {
    name: 'region not in the list',
    op: 'createSharedBandwidth',
    input: { ...vpc, region: 'cn-north-4' },
    expect: err('region', 'region_not_allowed'),
  },
  { name: "region '' means none", op: 'createSharedBandwidth', input: { ...vpc, region: '' } },

  // ---- Workspace create (Workspace API, Creating Workspace Bandwidth)
  { name: 'Workspace API example', op: 'createWorkspaceBandwidth', input: wks },
  {
    name: "chargeMode 'foo'",
    op: 'createWorkspaceBandwidth',
    input: { ...wks, chargeMode: 'foo' },
    expect: err('chargeMode', 'invalid_enum'),
  },
  {
    name: 'chargeMode missing',
    op: 'createWorkspaceBandwidth',
    input: { subnetId: SUBNET, sizeMbps: 1 },
    expect: err('chargeMode', 'required'),
  },
  {
    name: 'wks_bandwidth without size',
    op: 'createWorkspaceBandwidth',
    input: { subnetId: SUBNET, chargeMode: 'wks_bandwidth' },
    expect: err('sizeMbps', 'required'),
  },
  {
    name: 'wks_traffic without size',
    op: 'createWorkspaceBandwidth',
    input: { subnetId: SUBNET, chargeMode: 'wks_traffic' },
    expect: err('sizeMbps', 'required'),
  },
  { name: 'free without size', op: 'createWorkspaceBandwidth', input: { subnetId: SUBNET, chargeMode: 'free' } },
  {
    name: 'free with size null',
    op: 'createWorkspaceBandwidth',
    input: { subnetId: SUBNET, chargeMode: 'free', sizeMbps: null },
  },
  {
    name: 'subnetId not a UUID',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, subnetId: 'subnet-1' },
    expect: err('subnetId', 'invalid_uuid'),
  },
  {
    name: 'subnetId missing',
    op: 'createWorkspaceBandwidth',
    input: { chargeMode: 'free' },
    expect: err('subnetId', 'required'),
  },
  {
    name: 'size 0',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, sizeMbps: 0 },
    expect: err('sizeMbps', 'too_small'),
  },
  { name: 'size 2000 (default max)', op: 'createWorkspaceBandwidth', input: { ...wks, sizeMbps: 2000 } },
  {
    name: 'size 2001',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, sizeMbps: 2001 },
    expect: err('sizeMbps', 'too_big'),
  },
  {
    name: 'size 2.5',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, sizeMbps: 2.5 },
    expect: err('sizeMbps', 'not_integer'),
  },
  {
    name: 'tenant range 10–100: 101',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, sizeMbps: 101 },
    ctx: NARROW,
    expect: err('sizeMbps', 'too_big'),
  },
  {
    name: 'tenant range 10–100: 9',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, sizeMbps: 9 },
    ctx: NARROW,
    expect: err('sizeMbps', 'too_small'),
  },
  { name: 'tenant range 10–100: 100', op: 'createWorkspaceBandwidth', input: { ...wks, sizeMbps: 100 }, ctx: NARROW },
  { name: 'name of 64', op: 'createWorkspaceBandwidth', input: { ...wks, name: 'w'.repeat(64) } },
  {
    name: 'name of 65',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, name: 'w'.repeat(65) },
    expect: err('name', 'too_long'),
  },
  {
    name: 'tenant name limit 10: 11',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, sizeMbps: 10, name: 'w'.repeat(11) },
    ctx: NARROW,
    expect: err('name', 'too_long'),
  },
  {
    name: 'name with spaces (no documented rule)',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, name: 'office bw 1' },
  },
  { name: "name '' means none", op: 'createWorkspaceBandwidth', input: { ...wks, name: '' } },
  { name: 'region allowed', op: 'createWorkspaceBandwidth', input: { ...wks, region: 'ap-southeast-1' } },
  {
    name: 'region not in the list',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, region: 'la-south-2' },
    expect: err('region', 'region_not_allowed'),
  },

  // ---- Workspace change order (Workspace API, Placing an Order on Changing the Bandwidth)
  { name: 'change order', op: 'changeWorkspaceBandwidth', input: chg },
  { name: 'change order with name', op: 'changeWorkspaceBandwidth', input: { ...chg, name: 'office', autoPay: true } },
  {
    name: 'autoPay missing',
    op: 'changeWorkspaceBandwidth',
    input: { sizeMbps: 20 },
    expect: err('autoPay', 'required'),
  },
  {
    name: "autoPay 'true' (the wire string)",
    op: 'changeWorkspaceBandwidth',
    input: { ...chg, autoPay: 'true' },
    expect: err('autoPay', 'invalid_type'),
  },
  {
    name: 'size missing',
    op: 'changeWorkspaceBandwidth',
    input: { autoPay: true },
    expect: err('sizeMbps', 'required'),
  },
  {
    name: "size '100' (the wire string)",
    op: 'changeWorkspaceBandwidth',
    input: { ...chg, sizeMbps: '100' },
    expect: err('sizeMbps', 'invalid_type'),
  },
  {
    name: 'size 2001',
    op: 'changeWorkspaceBandwidth',
    input: { ...chg, sizeMbps: 2001 },
    expect: err('sizeMbps', 'too_big'),
  },
  {
    name: 'name of 65',
    op: 'changeWorkspaceBandwidth',
    input: { ...chg, name: 'n'.repeat(65) },
    expect: err('name', 'too_long'),
  },

  // ---- Cloud Connect bandwidth package (Cloud Connect API, Creating a Bandwidth Package)
  { name: 'CM↔AP pay-per-use on international', op: 'createBandwidthPackage', input: cc },
  {
    name: 'Cloud Connect API example on chinese-mainland: cmtocm is international only',
    op: 'createBandwidthPackage',
    input: ccSeed,
    ctx: CN,
    expect: err('remoteArea', 'spec_code_not_on_site'),
  },
  {
    name: 'Cloud Connect API example on international: mode 5 is a Chinese-mainland mode',
    op: 'createBandwidthPackage',
    input: ccSeed,
    expect: err('billingMode', 'billing_mode_not_on_site'),
  },
  {
    name: 'Cloud Connect API example pair with mode 6 on international',
    op: 'createBandwidthPackage',
    input: { ...ccSeed, billingMode: 6 },
  },
  {
    name: 'CM↔ELA mode 3 on chinese-mainland',
    op: 'createBandwidthPackage',
    input: { ...cc, remoteArea: 'Eastern-Latin-America', billingMode: 3 },
    ctx: CN,
  },
  {
    name: 'mode 2 on chinese-mainland',
    op: 'createBandwidthPackage',
    input: { ...cc, remoteArea: 'Eastern-Latin-America', billingMode: 2, prepaid: month(1) },
    ctx: CN,
    expect: err('billingMode', 'billing_mode_not_on_site'),
  },
  {
    name: 'mode 1 on chinese-mainland with prepaid',
    op: 'createBandwidthPackage',
    input: { ...cc, remoteArea: 'Eastern-Latin-America', billingMode: 1, prepaid: year(1) },
    ctx: CN,
  },
  {
    name: 'mode 7 (daily 95th, not for create)',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 7 },
    expect: err('billingMode', 'invalid_enum'),
  },
  {
    name: "mode '4' (a string)",
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: '4' },
    expect: err('billingMode', 'invalid_enum'),
  },
  {
    name: 'billingMode missing',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: undefined },
    expect: err('billingMode', 'required'),
  },
  {
    name: 'prepaid with mode 4',
    op: 'createBandwidthPackage',
    input: { ...cc, prepaid: month(1) },
    expect: err('prepaid', 'prepaid_not_allowed'),
  },
  {
    name: 'prepaid with mode 6',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 6, prepaid: year(1) },
    expect: err('prepaid', 'prepaid_not_allowed'),
  },
  {
    name: 'mode 2 without prepaid',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2 },
    expect: err('prepaid', 'prepaid_required'),
  },
  {
    name: 'mode 2 with prepaid null',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: null },
    expect: err('prepaid', 'prepaid_required'),
  },
  {
    name: 'period 0 months',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: month(0) },
    expect: err('prepaid.periodCount', 'period_range'),
  },
  { name: 'period 1 month', op: 'createBandwidthPackage', input: { ...cc, billingMode: 2, prepaid: month(1) } },
  { name: 'period 9 months', op: 'createBandwidthPackage', input: { ...cc, billingMode: 2, prepaid: month(9) } },
  {
    name: 'period 10 months',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: month(10) },
    expect: err('prepaid.periodCount', 'period_range'),
  },
  {
    name: 'period 0 years',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: year(0) },
    expect: err('prepaid.periodCount', 'period_range'),
  },
  { name: 'period 1 year', op: 'createBandwidthPackage', input: { ...cc, billingMode: 2, prepaid: year(1) } },
  { name: 'period 3 years', op: 'createBandwidthPackage', input: { ...cc, billingMode: 2, prepaid: year(3) } },
  {
    name: 'period 4 years',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: year(4) },
    expect: err('prepaid.periodCount', 'period_range'),
  },
  {
    name: 'period 1.5 months',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: month(1.5) },
    expect: err('prepaid.periodCount', 'not_integer'),
  },
  {
    name: 'period count missing',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: { periodType: 'month' } },
    expect: err('prepaid.periodCount', 'required'),
  },
  {
    name: "period type 'week'",
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: { periodType: 'week', periodCount: 1 } },
    expect: err('prepaid.periodType', 'invalid_enum'),
  },
  {
    name: 'prepaid not an object',
    op: 'createBandwidthPackage',
    input: { ...cc, billingMode: 2, prepaid: 'month' },
    expect: err('prepaid', 'invalid_type'),
  },
  {
    name: 'Africa–Africa has no code',
    op: 'createBandwidthPackage',
    input: { ...cc, localArea: 'Africa', remoteArea: 'Africa' },
    expect: err('remoteArea', 'spec_code_unavailable'),
  },
  {
    name: 'NLA–NLA has no code',
    op: 'createBandwidthPackage',
    input: { ...cc, localArea: 'Northern-Latin-America', remoteArea: 'Northern-Latin-America' },
    expect: err('remoteArea', 'spec_code_unavailable'),
  },
  {
    name: 'aptoap on chinese-mainland',
    op: 'createBandwidthPackage',
    input: { ...cc, localArea: 'Asia-Pacific', billingMode: 3 },
    ctx: CN,
    expect: err('remoteArea', 'spec_code_not_on_site'),
  },
  { name: 'aptoap on international', op: 'createBandwidthPackage', input: { ...cc, localArea: 'Asia-Pacific' } },
  {
    name: 'Africa→ELA with specCode aftoela',
    op: 'createBandwidthPackage',
    input: { ...cc, localArea: 'Africa', remoteArea: 'Eastern-Latin-America', specCode: 'bandwidth.aftoela' },
  },
  {
    name: 'ELA→Africa with specCode aftoela',
    op: 'createBandwidthPackage',
    input: { ...cc, localArea: 'Eastern-Latin-America', remoteArea: 'Africa', specCode: 'bandwidth.aftoela' },
  },
  {
    name: 'specCode not matching the pair',
    op: 'createBandwidthPackage',
    input: { ...cc, specCode: 'bandwidth.cmtocm' },
    expect: err('specCode', 'spec_code_mismatch'),
  },
  {
    name: 'unknown specCode',
    op: 'createBandwidthPackage',
    input: { ...cc, specCode: 'bandwidth.eutoeu' },
    expect: err('specCode', 'invalid_enum'),
  },
  {
    name: 'unknown area',
    op: 'createBandwidthPackage',
    input: { ...cc, localArea: 'Europe' },
    expect: err('localArea', 'invalid_enum'),
  },
  {
    name: 'description with <',
    op: 'createBandwidthPackage',
    input: { ...cc, description: 'a <b' },
    expect: err('description', 'angle_brackets'),
  },
  {
    name: 'description with >',
    op: 'createBandwidthPackage',
    input: { ...cc, description: 'a>b' },
    expect: err('description', 'angle_brackets'),
  },
  { name: 'description of 85', op: 'createBandwidthPackage', input: { ...cc, description: 'd'.repeat(85) } },
  {
    name: 'description of 86',
    op: 'createBandwidthPackage',
    input: { ...cc, description: 'd'.repeat(86) },
    expect: err('description', 'too_long'),
  },
  { name: "description ''", op: 'createBandwidthPackage', input: { ...cc, description: '' } },
  { name: 'name of 64', op: 'createBandwidthPackage', input: { ...cc, name: 'p'.repeat(64) } },
  {
    name: 'name of 65',
    op: 'createBandwidthPackage',
    input: { ...cc, name: 'p'.repeat(65) },
    expect: err('name', 'too_long'),
  },
  { name: "name ''", op: 'createBandwidthPackage', input: { ...cc, name: '' }, expect: err('name', 'required') },
  { name: 'size 0', op: 'createBandwidthPackage', input: { ...cc, sizeMbps: 0 }, expect: err('sizeMbps', 'too_small') },
  { name: 'size 1000', op: 'createBandwidthPackage', input: { ...cc, sizeMbps: 1000 } },
  {
    name: 'size 1001',
    op: 'createBandwidthPackage',
    input: { ...cc, sizeMbps: 1001 },
    expect: err('sizeMbps', 'too_big'),
  },
  {
    name: 'size 5.5',
    op: 'createBandwidthPackage',
    input: { ...cc, sizeMbps: 5.5 },
    expect: err('sizeMbps', 'not_integer'),
  },
  { name: "chargeMode 'bandwidth'", op: 'createBandwidthPackage', input: { ...cc, chargeMode: 'bandwidth' } },
  {
    name: "chargeMode 'traffic'",
    op: 'createBandwidthPackage',
    input: { ...cc, chargeMode: 'traffic' },
    expect: err('chargeMode', 'invalid_enum'),
  },
  { name: "interflowMode 'Region'", op: 'createBandwidthPackage', input: { ...cc, interflowMode: 'Region' } },
  {
    name: "interflowMode 'Global'",
    op: 'createBandwidthPackage',
    input: { ...cc, interflowMode: 'Global' },
    expect: err('interflowMode', 'invalid_enum'),
  },
  {
    name: 'bound to a cloud connection',
    op: 'createBandwidthPackage',
    input: { ...cc, resourceType: 'cloud_connection', resourceId: 'cc-1' },
  },
  {
    name: 'resourceType without resourceId',
    op: 'createBandwidthPackage',
    input: { ...cc, resourceType: 'cloud_connection' },
    expect: err('resourceId', 'resource_id_required'),
  },
  {
    name: 'resourceId without resourceType',
    op: 'createBandwidthPackage',
    input: { ...cc, resourceId: 'cc-1' },
    expect: err('resourceType', 'required'),
  },
  {
    name: "resourceType 'vpc'",
    op: 'createBandwidthPackage',
    input: { ...cc, resourceType: 'vpc', resourceId: 'x' },
    expect: err('resourceType', 'invalid_enum'),
  },
  // Cloud Connect refuses < and > in the package name too, as in the description.
  {
    name: "name 'a<b>'",
    op: 'createBandwidthPackage',
    input: { ...cc, name: 'a<b>' },
    expect: err('name', 'angle_brackets'),
  },
  { name: 'name in Chinese', op: 'createBandwidthPackage', input: { ...cc, name: '带宽包-1' } },
  // Names and descriptions never carry line breaks, control characters, bidi controls or lone surrogates.
  ...(
    [
      ['CR/LF', 'a\r\nb'],
      ['LF', 'a\nb'],
      ['tab', 'a\tb'],
      ['NUL', 'a\u0000b'],
      ['DEL', 'a\u007fb'],
      ['C1 control', 'a\u0085b'],
      ['right-to-left override', 'abc\u202Etxt.exe'],
      ['isolate', 'a\u2066b\u2069'],
      ['lone high surrogate', 'a\uD83D'],
      ['lone low surrogate', '\uDE00b'],
    ] as const
  ).flatMap(([what, bad]): Case[] => [
    {
      name: `Workspace name with ${what}`,
      op: 'createWorkspaceBandwidth',
      input: { ...wks, name: bad },
      expect: err('name', 'unsafe_chars'),
    },
    {
      name: `change-order name with ${what}`,
      op: 'changeWorkspaceBandwidth',
      input: { ...chg, name: bad },
      expect: err('name', 'unsafe_chars'),
    },
    {
      name: `package name with ${what}`,
      op: 'createBandwidthPackage',
      input: { ...cc, name: bad },
      expect: err('name', 'unsafe_chars'),
    },
    {
      name: `package description with ${what}`,
      op: 'createBandwidthPackage',
      input: { ...cc, description: bad },
      expect: err('description', 'unsafe_chars'),
    },
    {
      name: `shared bandwidth name with ${what}`,
      op: 'createSharedBandwidth',
      input: { ...vpc, name: bad },
      expect: err('name', 'name_chars'),
    },
  ]),
  {
    name: 'Workspace name with an emoji (a surrogate pair)',
    op: 'createWorkspaceBandwidth',
    input: { ...wks, name: 'office 🚀' },
  },
  { name: 'Workspace name in Chinese', op: 'createWorkspaceBandwidth', input: { ...wks, name: '办公带宽' } },
];

describe('documented rules, case by case', () => {
  for (const c of cases) {
    const ctx = c.ctx ?? INTL;
    it(`${c.op}: ${c.name} → ${c.expect ? `${c.expect.path} ${c.expect.code}` : 'ok'}`, () => {
      const r = validators[c.op](c.input, ctx);
      if (!c.expect) {
        assert.deepEqual(r.ok ? [] : r.issues, []);
        return;
      }
      assert.equal(r.ok, false, 'expected a refusal');
      if (r.ok) return;
      const hit = r.issues.find((i) => i.path === c.expect!.path);
      assert.ok(hit, `no issue at ${c.expect.path}: ${JSON.stringify(r.issues)}`);
      assert.equal(hit.code, c.expect.code, JSON.stringify(hit));
      // the per-field check used on blur agrees
      assert.deepEqual(validateField(c.op, c.expect.path, c.input, ctx), hit);
      // the generic entry point agrees
      assert.deepEqual(validateRequest(c.op, c.input, ctx), r);
    });
  }

  it('every issue carries a known code, a readable message and resolvable params in both locales', () => {
    for (const c of cases) {
      const r = validators[c.op](c.input, c.ctx ?? INTL);
      if (r.ok) continue;
      const paths = new Set<string>();
      for (const issue of r.issues) {
        assert.ok((ISSUE_CODES as readonly string[]).includes(issue.code), issue.code);
        assert.ok(!paths.has(issue.path), `two issues at ${issue.path} in ${c.name}`);
        paths.add(issue.path);
        assert.doesNotMatch(issue.message, /Invalid input|expected|received/i, issue.message);
        for (const locale of LOCALES)
          assert.doesNotMatch(formatIssue(issue, locale), /\{\w+\}/, `${locale}: ${c.name}`);
      }
    }
  });
});

describe('validation results', () => {
  it('reports every invalid field at once, in form order', () => {
    const r = validateCreateBandwidthPackage(
      { name: '', description: '<>', localArea: 'Africa', remoteArea: 'Africa', billingMode: 2, sizeMbps: 0 },
      INTL,
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.issues.map((i) => `${i.path}:${i.code}`),
      [
        'name:required',
        'description:angle_brackets',
        'remoteArea:spec_code_unavailable',
        'prepaid:prepaid_required',
        'sizeMbps:too_small',
      ],
    );
  });

  it('explains a size step with the neighbours to use', () => {
    const r = validateCreateSharedBandwidth({ ...vpc, sizeMbps: 375 }, INTL);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const [issue] = r.issues as [FieldIssue];
    assert.equal(issue.message, 'Between 300 and 1000 Mbit/s the size goes in steps of 50: use 350 or 400.');
    assert.deepEqual(issue.params, { from: 300, to: 1000, step: 50, lower: 350, upper: 400 });
    const wide = validateCreateSharedBandwidth(
      { ...vpc, sizeMbps: 1200 },
      { ...WIDE, limits: { ...WIDE.limits, sharedBandwidth: { minMbps: 5, maxMbps: 1200 } } },
    );
    assert.equal(
      !wide.ok && wide.issues[0]?.message,
      'Between 1000 and 1200 Mbit/s the size goes in steps of 500: use 1000.',
    );
  });

  it('returns the parsed value without unknown fields and with defaults', () => {
    const r = validateCreateBandwidthPackage(
      {
        ...cc,
        billingMode: 2,
        prepaid: { periodType: 'year', periodCount: 1 },
        projectId: 'attacker',
        enterpriseProjectId: '0',
      },
      INTL,
    );
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      ...cc,
      billingMode: 2,
      prepaid: { periodType: 'year', periodCount: 1, autoRenew: false, autoPay: false },
    });
    const w = validateCreateWorkspaceBandwidth({ ...wks, name: '', region: null }, INTL);
    assert.ok(w.ok);
    assert.deepEqual(w.value, wks);
  });

  it('refuses a body that is not an object', () => {
    for (const input of [null, 'x', 42, [vpc]]) {
      const r = validateCreateSharedBandwidth(input, INTL);
      assert.equal(r.ok, false);
      if (!r.ok)
        assert.deepEqual(
          r.issues.map((i) => [i.path, i.code]),
          [['', 'invalid_type']],
        );
    }
  });

  it('a refused prepaid hides the issues inside it', () => {
    const r = validateCreateBandwidthPackage({ ...cc, prepaid: month(99) }, INTL);
    assert.ok(!r.ok && r.issues.length === 1 && r.issues[0]?.code === 'prepaid_not_allowed');
  });
});

describe('validateField (blur)', () => {
  it('is undefined for a valid field even when others are invalid', () => {
    assert.equal(validateField('createSharedBandwidth', 'name', { name: 'ok', sizeMbps: 301 }, INTL), undefined);
    assert.equal(validateField('createSharedBandwidth', 'sizeMbps', { name: 'a b', sizeMbps: 300 }, INTL), undefined);
  });
  it('applies cross-field rules to the fields involved', () => {
    const input = { ...cc, billingMode: 2 };
    assert.equal(validateField('createBandwidthPackage', 'prepaid', input, INTL)?.code, 'prepaid_required');
    assert.equal(validateField('createBandwidthPackage', 'billingMode', input, INTL)?.code, 'prepaid_required');
    const pair = { ...cc, localArea: 'Africa', remoteArea: 'Africa' };
    assert.equal(validateField('createBandwidthPackage', 'localArea', pair, INTL)?.code, 'spec_code_unavailable');
    const period = { ...cc, billingMode: 2, prepaid: year(5) };
    assert.equal(validateField('createBandwidthPackage', 'prepaid.periodType', period, INTL)?.code, 'period_range');
    assert.equal(validateField('createBandwidthPackage', 'prepaid', period, INTL)?.path, 'prepaid.periodCount');
    assert.equal(
      validateField('createWorkspaceBandwidth', 'chargeMode', { subnetId: SUBNET, chargeMode: 'wks_traffic' }, INTL)
        ?.code,
      'required',
    );
    assert.equal(
      validateField('createWorkspaceBandwidth', 'chargeMode', { subnetId: SUBNET, chargeMode: 'free' }, INTL),
      undefined,
    );
  });
  it('checks the change order bandwidthId', () => {
    assert.equal(validateField('changeWorkspaceBandwidth', 'bandwidthId', { bandwidthId: 'bw-1' }, INTL), undefined);
    assert.equal(
      validateField('changeWorkspaceBandwidth', 'bandwidthId', { bandwidthId: 'a/b' }, INTL)?.code,
      'id_chars',
    );
  });
});

describe('validateBandwidthId', () => {
  const cases: [unknown, string | undefined][] = [
    ['1bffc5f2-ff19-45a6-96d2-dfdca49cc387', undefined],
    ['A'.repeat(64), undefined],
    ['A'.repeat(65), 'too_long'],
    ['', 'required'],
    [undefined, 'required'],
    [42, 'invalid_type'],
    ['bw_1', 'id_chars'],
    ['..%2F', 'id_chars'],
  ];
  for (const [id, code] of cases) {
    it(`${JSON.stringify(id)} → ${code ?? 'ok'}`, () => {
      const issue = validateBandwidthId(id);
      assert.equal(issue?.code, code);
      if (issue) assert.equal(issue.path, 'bandwidthId');
    });
  }
});

describe('response schemas', () => {
  it('accept what the BFF answers', () => {
    assert.ok(
      WorkspaceBandwidthAcceptedSchema.safeParse({ jobId: 'j1', status: 'pending', jobUrl: '/v1/jobs/j1' }).success,
    );
    assert.ok(
      JobSchema.safeParse({
        jobId: 'j1',
        status: 'succeeded',
        progress: 100,
        updatedAt: '2020-04-21T07:58:02Z',
        bandwidthId: 'b1',
      }).success,
    );
    assert.ok(
      JobSchema.safeParse({
        jobId: 'j1',
        status: 'failed',
        progress: 40,
        error: { code: 'WKS.0001', message: 'x' },
        updatedAt: new Date(0).toISOString(),
      }).success,
    );
    assert.ok(ChangeOrderCreatedSchema.safeParse({ orderId: 'o1', paymentRequired: true }).success);
    // the example response of the VPC API “Assigning a Shared Bandwidth”, mapped to camelCase
    assert.ok(
      SharedBandwidthCreatedSchema.safeParse({
        bandwidth: {
          id: '1bffc5f2-ff19-45a6-96d2-dfdca49cc387',
          name: 'bandwidth123',
          sizeMbps: 10,
          shareType: 'WHOLE',
          chargeMode: 'traffic',
          status: 'NORMAL',
          createdAt: '2020-04-21T07:58:02Z',
        },
      }).success,
    );
    // the example response of the Cloud Connect API “Creating a Bandwidth Package”, mapped to camelCase
    assert.ok(
      BandwidthPackageCreatedSchema.safeParse({
        bandwidthPackage: {
          id: 'XXXXX',
          name: 'test_bwp_name',
          description: '',
          localArea: 'Chinese-Mainland',
          remoteArea: 'Chinese-Mainland',
          specCode: 'bandwidth.cmtocm',
          billingMode: 3,
          sizeMbps: 5,
          interflowMode: 'Area',
          status: 'ACTIVE',
          createdAt: '2023-09-20T08:37:15Z',
          orderId: '',
        },
      }).success,
    );
  });
  it('refuse malformed answers', () => {
    assert.equal(
      JobSchema.safeParse({ jobId: 'j1', status: 'SUCCESS', progress: 100, updatedAt: '2020-04-21T07:58:02Z' }).success,
      false,
    );
    assert.equal(
      JobSchema.safeParse({ jobId: 'j1', status: 'running', progress: 101, updatedAt: '2020-04-21T07:58:02Z' }).success,
      false,
    );
    assert.equal(
      JobSchema.safeParse({ jobId: 'j1', status: 'running', progress: 1, updatedAt: 'yesterday' }).success,
      false,
    );
  });
  it('request schemas alone accept the API page examples', () => {
    assert.ok(CreateSharedBandwidthRequestSchema.safeParse(vpc).success);
    assert.ok(CreateWorkspaceBandwidthRequestSchema.safeParse(wks).success);
    assert.ok(CreateBandwidthPackageRequestSchema.safeParse(ccSeed).success);
  });
});
