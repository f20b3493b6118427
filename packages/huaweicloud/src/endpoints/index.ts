/**
 * Base URLs of the three upstream services. Web APIs only.
 *
 * Workspace and VPC are regional (`{region}` in the host name); Cloud Connect is global. An override (tenant config
 * `upstream.endpoints`, e.g. `{ vpc: "http://127.0.0.1:9000" }`) replaces a default and may itself contain `{region}`.
 */
import type { ServiceName } from '../wire/index.js';
import { ConfigError } from '../errors/index.js';

export const SERVICE_NAMES: readonly ServiceName[] = Object.freeze(['workspace', 'vpc', 'cc'] as const);

/** Public endpoints (UPSTREAM-FACTS.md, "Endpoints"). */
export const DEFAULT_ENDPOINTS: Readonly<Record<ServiceName, string>> = Object.freeze({
  workspace: 'https://workspace.{region}.myhuaweicloud.com',
  vpc: 'https://vpc.{region}.myhuaweicloud.com',
  cc: 'https://cc.myhuaweicloud.com',
});

/** Regions where Workspace is documented to be offered (UPSTREAM-FACTS.md). Informational, not a whitelist. */
export const KNOWN_WORKSPACE_REGIONS = Object.freeze([
  'cn-north-4',
  'cn-east-3',
  'cn-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'af-south-1',
  'la-south-2',
  'sa-brazil-1',
  'la-north-2',
  'me-east-1',
  'tr-west-1',
  'eu-west-101',
] as const);

export type KnownWorkspaceRegion = (typeof KNOWN_WORKSPACE_REGIONS)[number];

/** Region ids are DNS labels (`cn-north-4`, `eu-west-101`); anything else could redirect a signed request. */
const REGION_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isServiceName(value: unknown): value is ServiceName {
  return value === 'workspace' || value === 'vpc' || value === 'cc';
}

/**
 * The base URL (no trailing slash) of `service` for `region`. `{region}` in the template (default or override) is
 * replaced by the region, which must then be a DNS label. Throws ConfigError for an unknown service, a bad region or
 * an override that is not an absolute http(s) URL.
 */
export function endpointFor(
  service: ServiceName,
  region: string,
  overrides?: Partial<Record<ServiceName, string>>,
): string {
  if (!isServiceName(service)) throw new ConfigError(`unknown upstream service ${JSON.stringify(String(service))}`);
  const override = overrides?.[service];
  const template = override !== undefined && override.trim() !== '' ? override.trim() : DEFAULT_ENDPOINTS[service];
  let base = template;
  if (template.includes('{region}')) {
    if (typeof region !== 'string' || !REGION_RE.test(region)) {
      throw new ConfigError(`invalid region ${JSON.stringify(String(region))} for the ${service} endpoint`);
    }
    base = template.split('{region}').join(region);
  }
  base = base.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ConfigError(`the ${service} endpoint is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`the ${service} endpoint must be http(s), not ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`the ${service} endpoint must not carry credentials, a query or a fragment`);
  }
  return base;
}
