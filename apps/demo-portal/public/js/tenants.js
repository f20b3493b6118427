// The organisations this portal serves and who is "signed in" to each. In a real portal this comes from the
// portal's own session; the bwkit side (theme, limits, regions) comes from the BFF's GET /v1/config, and the
// organisation's resources (subnets, bandwidths, cloud connections, orders) from the BFF's lists.

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

