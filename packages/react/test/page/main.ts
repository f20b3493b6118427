/**
 * A plain element is created and given its `fetchToken` BEFORE the widgets are defined (the kit arrives with the
 * React app's chunk, imported afterwards): the property must survive the upgrade. Then the React app mounts.
 */
const api = new URLSearchParams(location.search).get('api') ?? location.origin;
const fetchToken = async (): Promise<string> =>
  ((await (await fetch('/token', { method: 'POST' })).json()) as { token: string }).token;

const early = document.createElement('bandwidth-create') as HTMLElement & { fetchToken?: () => Promise<string> };
early.id = 'early';
early.setAttribute('service', 'vpc');
early.setAttribute('api', api);
early.fetchToken = fetchToken;
early.addEventListener('bwkit-ready', () => early.setAttribute('data-ready', ''));
document.body.append(early);
document.body.dataset['definedBeforeImport'] = String(customElements.get('bandwidth-create') !== undefined);

void import('./app.js').then(({ mount }) => mount(document.getElementById('root')!, api, fetchToken));
