// The organisations this portal serves and who can be "signed in" to each. In a real portal this comes from the
// portal's own session; the bwkit side (theme, limits, regions) comes from the BFF's GET /v1/config, and the
// organisation's resources (subnets, bandwidths, cloud connections, orders) from the BFF's lists.

/**
 * A portal user. `role` picks what the user's tokens may do (ROLE_SCOPES in portal.js): a buyer uses the forms,
 * an approver decides held purchases and reads the webhook log. `title` is the job title shown in the header.
 * `email` is the token's subject: acme's policy holds every purchase of intern@acme.example for an approver.
 * @typedef {{ id: string, role: 'buyer' | 'approver', name: string, email: string, initials: string, title: string }} PortalUser
 */

/**
 * @typedef {{ id: string, name: string, locale: 'en' | 'zh-CN', scheme: 'light' | 'dark',
 *   user: PortalUser, users: PortalUser[] }} PortalTenant
 */

/** @type {Record<string, PortalTenant>} */
export const TENANTS = {};

/** @param {Omit<PortalTenant, 'user'>} t */
function add(t) {
  TENANTS[t.id] = { ...t, user: /** @type {PortalUser} */ (t.users[0]) };
}

add({
  id: 'acme',
  name: 'Acme Networks',
  locale: 'en',
  scheme: 'light',
  users: [
    {
      id: 'alice',
      role: 'buyer',
      name: 'Alice Martin',
      email: 'alice.martin@acme.example',
      initials: 'AM',
      title: 'Network administrator',
    },
    {
      id: 'ivy',
      role: 'buyer',
      name: 'Ivy Chen',
      email: 'intern@acme.example',
      initials: 'IC',
      title: 'Network intern',
    },
    {
      id: 'dana',
      role: 'approver',
      name: 'Dana Okafor',
      email: 'dana.okafor@acme.example',
      initials: 'DO',
      title: 'Finance approver',
    },
  ],
});
add({
  id: 'globex',
  name: 'Globex 云服务',
  locale: 'zh-CN',
  scheme: 'dark',
  users: [
    { id: 'wang', role: 'buyer', name: '王磊', email: 'wang.lei@globex.cn', initials: '王', title: '网络管理员' },
    { id: 'li', role: 'approver', name: '李娜', email: 'li.na@globex.cn', initials: '李', title: '财务审批人' },
  ],
});

export const DEFAULT_TENANT = 'acme';
