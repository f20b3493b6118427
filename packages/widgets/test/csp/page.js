// Runs inside test/csp/page.html (strict CSP): records violations and mounts the widgets from dist/bwkit.js.
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
);

const env = await (await fetch('/__bwkit/env')).json();
const fetchToken = async () => (await (await fetch('/__bwkit/token', { method: 'POST', body: '{}' })).json()).token;
window.widgets = {};
window.ready = Promise.all(
  ['vpc', 'workspace'].map((service) => {
    const el = document.createElement('bandwidth-create');
    el.setAttribute('service', service);
    el.setAttribute('api', env.api);
    el.fetchToken = fetchToken;
    window.widgets[service] = el;
    const ready = new Promise((r) => el.addEventListener('bwkit-ready', r, { once: true }));
    document.body.append(el);
    return ready;
  }),
);
