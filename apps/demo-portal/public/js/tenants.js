// The organisations this portal serves and who is "signed in" to each. In a real portal this comes from the
// portal's own session; the bwkit side (theme, limits, regions) comes from the BFF's GET /v1/config.

/**
 * @typedef {{ id: string, name: string, locale: 'en' | 'zh-CN', scheme: 'light' | 'dark',
 *   user: { name: string, email: string, initials: string, role: string } }} PortalTenant
 */

/** @type {Record<string, PortalTenant>} */
export const TENANTS = {
  acme: {
    id: 'acme',
    name: 'Acme Networks',
    locale: 'en',
    scheme: 'light',
    user: { name: 'Alice Martin', email: 'alice.martin@acme.example', initials: 'AM', role: 'Network administrator' },
  },
  globex: {
    id: 'globex',
    name: 'Globex 云服务',
    locale: 'zh-CN',
    scheme: 'dark',
    user: { name: '王磊', email: 'wang.lei@globex.cn', initials: '王', role: '网络管理员' },
  },
};

export const DEFAULT_TENANT = 'acme';

/**
 * Existing yearly/monthly Workspace bandwidths of every project (the cloud simulator seeds them with these ids),
 * as the portal's own inventory would list them.
 */
export const WORKSPACE_BANDWIDTHS = [
  { id: '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b', name: 'wks-office-beijing', sizeMbps: 10, createdAt: '2026-01-05T08:00:00Z' },
  { id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b', name: 'wks-office-shanghai', sizeMbps: 20, createdAt: '2026-02-10T09:30:00Z' },
  { id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', name: 'wks-lab-shenzhen', sizeMbps: 50, createdAt: '2026-03-15T10:00:00Z' },
];
