/** The React example of README.md, kept here so that the type check covers it (copy it back when it changes). */

import { BandwidthCreate, BandwidthCreateElement, type BwkitSuccessDetail } from '@bwkit/react';
import { useRef, useState } from 'react';

// Your backend mints a short-lived widget token for the signed-in user.
const fetchToken = async () => (await (await fetch('/my-portal/bwkit-token', { method: 'POST' })).json()).token;

export function BuySharedBandwidth() {
  const [created, setCreated] = useState<BwkitSuccessDetail | null>(null);
  const widget = useRef<BandwidthCreateElement>(null);
  return (
    <>
      <BandwidthCreate
        ref={widget}
        service="vpc"
        api="https://bwkit.example.com"
        fetchToken={fetchToken}
        appearance={{ colorScheme: 'auto', variables: { colorPrimary: '#0a6640' } }}
        onBwkitReady={(e) => console.log('regions', e.detail.config.regions)}
        onBwkitSubmit={(e) => console.log('buying with key', e.detail.idempotencyKey)}
        onBwkitSuccess={(e) => setCreated(e.detail)}
        onBwkitError={(e) => console.warn(e.detail.code, e.detail.detail)}
      />
      {created && 'bandwidth' in created && <p>Created {created.bandwidth?.id}</p>}
    </>
  );
}
