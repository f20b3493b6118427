/**
 * What a React 19 portal's type checker sees of the elements and the package's own types, with the real React
 * types: compiled by test/manifest.test.ts with the repo's `tsc` under the strictest options
 * (../tsconfig.strict.json). Every `@ts-expect-error` below must be an error: an unused one fails the compile.
 */
import {
  type BandwidthChangeOrder,
  BandwidthCreate,
  type BwkitEventMap,
  type BwkitProblem,
  type BwkitSuccessDetail,
  type ChangeOrderCreated,
} from '@bwkit/widgets';
import type {} from '@bwkit/widgets/jsx';
import { useRef } from 'react';

// The element classes and the DOM's maps: createElement and addEventListener know the tags and events.
const el = document.createElement('bandwidth-create');
const typed: BandwidthCreate = el;
typed.fetchToken = async () => 'token';
typed.addEventListener('bwkit-success', (e) => {
  const detail: BwkitSuccessDetail = e.detail;
  console.log(detail);
});
const onError: (e: BwkitEventMap['bwkit-error']) => void = (e) => console.log(e.detail.code);
console.log(el instanceof BandwidthCreate);

// Attributes, properties (React 19 sets a prop as a property when the element has one) and `onbwkit-*` listeners
// (React 19 adds them as event listeners) are accepted, each listener with its event's detail type.
export function Page() {
  const ref = useRef<BandwidthCreate>(null);
  const changeRef = useRef<BandwidthChangeOrder>(null);
  return (
    <>
      <bandwidth-create
        ref={ref}
        api="https://bff.example.com"
        service="vpc"
        review="off"
        locale="ar"
        className="purchase"
        fetchToken={async () => 'token'}
        appearance={{ colorScheme: 'dark', variables: { colorPrimary: '#1d4ed8' } }}
        onbwkit-error={onError}
        onbwkit-success={(e) => {
          const detail: BwkitSuccessDetail = e.detail;
          console.log(detail);
        }}
        onbwkit-submit={(e) => console.log(e.detail.idempotencyKey)}
        onbwkit-focus={(e) => console.log(e.detail.field)}
      />
      <bandwidth-change-order
        ref={changeRef}
        bandwidth-id="b-1"
        onbwkit-success={(e) => {
          const detail: ChangeOrderCreated = e.detail;
          console.log(detail);
        }}
      />
      <bandwidth-package-form token="token" />
      <bandwidth-approvals token="token" onbwkit-approval-decided={(e) => console.log(e.detail.id)} />
    </>
  );
}

// Rejected: unknown enum values, wrong value types, unknown props, a ref to another element, listeners of the
// wrong event type, and detail fields that do not exist.
export function Wrong() {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      {/* @ts-expect-error: service is 'workspace' | 'vpc' */}
      <bandwidth-create service="ecs" />
      {/* @ts-expect-error: review is only 'off' */}
      <bandwidth-create review="on" />
      {/* @ts-expect-error: bandwidth-id is a string */}
      <bandwidth-change-order bandwidth-id={42} />
      {/* @ts-expect-error: fetchToken resolves to the token string */}
      <bandwidth-create fetchToken={() => 'token'} />
      {/* @ts-expect-error: <bandwidth-approvals> has no service */}
      <bandwidth-approvals service="vpc" />
      {/* @ts-expect-error: the ref is a <bandwidth-create> */}
      <bandwidth-create ref={inputRef} />
      {/* @ts-expect-error: bwkit-success carries the created resource, not a problem */}
      <bandwidth-create onbwkit-success={(e: CustomEvent<BwkitProblem>) => console.log(e.detail.code)} />
      {/* @ts-expect-error: a problem has no `bandwidth` */}
      <bandwidth-create onbwkit-error={(e) => console.log(e.detail.bandwidth)} />
    </>
  );
}
