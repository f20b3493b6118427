/**
 * What a Vue 3 portal's type checker sees of the elements, with the real `vue` types: compiled by
 * test/manifest.test.ts with the repo's `tsc` under the strictest options (../tsconfig.strict.json).
 *
 * Templates themselves are not checked here: vue-tsc (Volar) does not run on TypeScript 7. It checks
 * `<bandwidth-create service="vpc" @bwkit-success="…">` against the same `GlobalComponents` entry's props
 * (`service`, `onBwkitSuccess`), which is what this file uses, through the instance's `$props` and `h()`.
 * Every `@ts-expect-error` below must be an error: an unused one fails the compile.
 */
import type { BwkitProblem, BwkitSuccessDetail, ChangeOrderCreated, TenantConfigView } from '@bwkit/widgets';
import type {} from '@bwkit/widgets/vue';
import { type GlobalComponents, h, type VNode } from 'vue';

type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];

declare const components: GlobalComponents;
declare const tenantConfig: TenantConfigView;

// Every element is a global component.
export const tags: (keyof GlobalComponents)[] = [
  'bandwidth-create',
  'bandwidth-change-order',
  'bandwidth-package-form',
  'bandwidth-approvals',
];

// Attributes (camelCased, as Vue normalises `bandwidth-id`), properties and `@bwkit-*` listeners are accepted, and
// each listener gets its event's detail type.
export const create: Props<'bandwidth-create'> = {
  api: 'https://bff.example.com',
  service: 'vpc',
  review: 'off',
  locale: 'ar',
  region: 'ap-southeast-3',
  fetchToken: async () => 'token',
  appearance: { colorScheme: 'dark', variables: { colorPrimary: '#1d4ed8' } },
  config: tenantConfig,
  class: 'purchase',
  onBwkitSuccess: (e) => {
    const detail: BwkitSuccessDetail = e.detail;
    console.log(detail);
  },
  onBwkitError: (e) => {
    const problem: BwkitProblem = e.detail;
    console.log(problem.code, problem.message);
  },
  onBwkitLoaderror: (e) => console.log(e.detail.status),
  onBwkitSubmit: (e) => console.log(e.detail.idempotencyKey),
  onBwkitFocus: (e) => console.log(e.detail.field),
  onBwkitJobProgress: (e) => console.log(e.detail),
};
export const change: Props<'bandwidth-change-order'> = {
  bandwidthId: 'b-1',
  onBwkitSuccess: (e) => {
    const detail: ChangeOrderCreated = e.detail;
    console.log(detail);
  },
};
export const approvals: Props<'bandwidth-approvals'> = {
  token: 'token',
  onBwkitApprovalDecided: (e) => console.log(e.detail.id),
};
export const nothingSet: Props<'bandwidth-package-form'> = {};

// h() with the global component (what a render function or JSX in Vue compiles to).
export const vnode: VNode = h(components['bandwidth-create'], {
  service: 'workspace',
  onBwkitSuccess: (e: CustomEvent<BwkitSuccessDetail>) => console.log(e.detail),
});

// Rejected: unknown enum values, wrong value types, unknown props, listeners of the wrong event type, and
// detail fields that do not exist.
// @ts-expect-error: service is 'workspace' | 'vpc'
export const unknownService: Props<'bandwidth-create'> = { service: 'ecs' };
// @ts-expect-error: review is only 'off'
export const unknownReview: Props<'bandwidth-create'> = { review: 'on' };
// @ts-expect-error: bandwidthId is a string
export const numericId: Props<'bandwidth-change-order'> = { bandwidthId: 42 };
// @ts-expect-error: fetchToken resolves to the token string
export const syncToken: Props<'bandwidth-create'> = { fetchToken: () => 'token' };
// @ts-expect-error: <bandwidth-create> has no bandwidth-id
export const foreignProp: Props<'bandwidth-create'> = { bandwidthId: 'b-1' };
// @ts-expect-error: <bandwidth-approvals> has no service
export const approvalsService: Props<'bandwidth-approvals'> = { service: 'vpc' };
export const wrongListener: Props<'bandwidth-create'> = {
  // @ts-expect-error: bwkit-success carries the created resource, not a problem
  onBwkitSuccess: (e: CustomEvent<BwkitProblem>) => console.log(e.detail.code),
};
export const noSuchDetail: Props<'bandwidth-create'> = {
  // @ts-expect-error: a problem has no `bandwidth`
  onBwkitError: (e) => console.log(e.detail.bandwidth),
};
// @ts-expect-error: service is 'workspace' | 'vpc', in h() too
export const wrongVnode = h(components['bandwidth-create'], { service: 'ecs' });
