/**
 * Base URLs of the upstream services. Web APIs only.
 *
 * Workspace and VPC are regional (`{region}` in the host name); Cloud Connect and BSS (billing: prices and orders)
 * are global, and BSS has one host per site (Chinese mainland or international). An override (tenant config
 * `upstream.endpoints`, e.g. `{ vpc: "http://127.0.0.1:9000" }`) replaces a default and may itself contain `{region}`.
 */

import { ConfigError } from '../errors/index.js';
import { isServiceName, type ServiceName } from '../services.js';

/** The Huawei Cloud website an account belongs to; BSS answers 403 CBC.0150/CBC.0156 on the other site's host. */
export type Site = 'international' | 'chinese-mainland';
export const SITES: readonly Site[] = Object.freeze(['international', 'chinese-mainland'] as const);
export const DEFAULT_SITE: Site = 'international';

/** BSS hosts of the official SDKs (bssintl region ap-southeast-1, bss region cn-north-1). */
export const BSS_ENDPOINTS: Readonly<Record<Site, string>> = Object.freeze({
  international: 'https://bss-intl.myhuaweicloud.com',
  'chinese-mainland': 'https://bss.myhuaweicloud.com',
});

/** Public endpoints of the official SDKs' region files; `bss` is the international site's (see BSS_ENDPOINTS). */
export const DEFAULT_ENDPOINTS: Readonly<Record<ServiceName, string>> = Object.freeze({
  workspace: 'https://workspace.{region}.myhuaweicloud.com',
  vpc: 'https://vpc.{region}.myhuaweicloud.com',
  cc: 'https://cc.myhuaweicloud.com',
  bss: BSS_ENDPOINTS[DEFAULT_SITE],
});

export function isSite(value: unknown): value is Site {
  return value === 'international' || value === 'chinese-mainland';
}

/** The default base URL template of `service` for `site` (only BSS differs per site). */
export function defaultEndpoint(service: ServiceName, site: Site = DEFAULT_SITE): string {
  if (service === 'bss') {
    if (!isSite(site)) throw new ConfigError(`unknown site ${JSON.stringify(String(site))}`);
    return BSS_ENDPOINTS[site];
  }
  return DEFAULT_ENDPOINTS[service];
}

/** Regions where Workspace is documented to be offered (the SDK's region list). Informational, not a whitelist. */
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

/**
 * The base URL (no trailing slash) of `service` for `region`. `{region}` in the template (default or override) is
 * replaced by the region, which must then be a DNS label. `site` picks the default BSS host (an override wins).
 * Throws ConfigError for an unknown service or site, a bad region or an override that is not an absolute http(s) URL.
 */
export function endpointFor(
  service: ServiceName,
  region: string,
  overrides?: Partial<Record<ServiceName, string>>,
  site: Site = DEFAULT_SITE,
): string {
  if (!isServiceName(service)) throw new ConfigError(`unknown upstream service ${JSON.stringify(String(service))}`);
  const override = overrides?.[service];
  const template = override !== undefined && override.trim() !== '' ? override.trim() : defaultEndpoint(service, site);
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
