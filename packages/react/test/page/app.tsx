/** A small React 19 page: one shared-bandwidth purchase, its events kept in React state and rendered. */

import { BandwidthCreate, BandwidthCreateElement, type BwkitProblem, type BwkitSuccessDetail } from '@bwkit/react';
import { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

function App({ api, fetchToken }: { api: string; fetchToken: () => Promise<string> }) {
  const [events, setEvents] = useState<string[]>([]);
  const [success, setSuccess] = useState<BwkitSuccessDetail | null>(null);
  const [problem, setProblem] = useState<BwkitProblem | null>(null);
  const [hold, setHold] = useState(false);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const ref = useRef<BandwidthCreateElement>(null);
  const log = (type: string) => setEvents((all) => [...all, type]);
  return (
    <main>
      <h1>Shared bandwidth</h1>
      <BandwidthCreate
        ref={ref}
        id="widget"
        className="purchase"
        service="vpc"
        api={api}
        fetchToken={fetchToken}
        appearance={{ variables: { colorPrimary: '#0a6640' } }}
        onBwkitReady={(e) => log(`${e.type}:${e.detail.config.regions.length > 0}`)}
        onBwkitChange={(e) => setValues(e.detail.values)}
        onBwkitSubmit={(e) => {
          // A new handler on every render: the one current when the user buys is the one called.
          if (hold) e.preventDefault();
          log(`${e.type}:${hold ? 'held' : typeof e.detail.idempotencyKey}`);
        }}
        onBwkitSuccess={(e) => {
          log(e.type);
          setSuccess(e.detail);
        }}
        onBwkitError={(e) => {
          log(`${e.type}:${e.detail.code}`);
          setProblem(e.detail);
        }}
      />
      <label>
        <input id="hold" type="checkbox" checked={hold} onChange={(e) => setHold(e.target.checked)} /> Hold purchases
      </label>
      <p id="ref">{String(ref.current instanceof BandwidthCreateElement)}</p>
      <p id="values">{JSON.stringify(values)}</p>
      <ol id="events">
        {events.map((type, i) => (
          <li key={i}>{type}</li>
        ))}
      </ol>
      {success && <pre id="success">{JSON.stringify(success)}</pre>}
      {problem && <pre id="problem">{JSON.stringify(problem)}</pre>}
    </main>
  );
}

export function mount(root: HTMLElement, api: string, fetchToken: () => Promise<string>): void {
  createRoot(root).render(<App api={api} fetchToken={fetchToken} />);
}
