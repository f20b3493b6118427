/**
 * @bwkit/contracts — zod/mini schemas and types of the BFF's public API, its enums and every documented
 * rule, shared by the BFF (server) and the widgets (browser). Browser-safe; tree-shakeable. The validators
 * and the English texts are zod-free (validators.ts, messages-en.ts), so a bundle that only validates and
 * shows English carries neither zod nor the other locales.
 */

export type {
  Approval,
  ApprovalDecisionRequest,
  ApprovalEnvelope,
  ApprovalPage,
  ApprovalState,
} from './approvals.js';
export {
  APPROVAL_REASON_MAX_LENGTH,
  APPROVAL_STATES,
  ApprovalDecisionRequestSchema,
  ApprovalEnvelopeSchema,
  ApprovalPageSchema,
  ApprovalSchema,
  OperationPolicySchema,
  PolicyViewSchema,
  SpendCapSchema,
  TenantPolicySchema,
} from './approvals.js';
export type {
  AuditOutcome,
  AuditPage,
  AuditRecord,
} from './audit.js';
export {
  AUDIT_OUTCOMES,
  AuditPageSchema,
  AuditRecordSchema,
} from './audit.js';
export type {
  ConfigEnums,
  TenantConfigView,
  TenantTheme,
} from './config.js';
export {
  configEnumsForSite,
  TenantConfigViewSchema,
  TenantThemeSchema,
  themeSchema,
} from './config.js';
export type {
  AreaId,
  AreaShortCode,
  BillingMode,
  BillingModeInfo,
  BillingModeKind,
  InterflowMode,
  JobStatus,
  OperationName,
  OrderStatus,
  PackageChargeMode,
  PeriodType,
  PricingOperationName,
  QuoteOperation,
  ResourceType,
  Scope,
  Site,
  SpecCode,
  SpecCodeInfo,
  WorkspaceChargeMode,
} from './enums.js';
export {
  AREA_SHORT_CODES,
  AREAS,
  BILLING_MODE_IDS,
  BILLING_MODES,
  billingModesForSite,
  deriveSpecCode,
  INTERFLOW_MODES,
  isPrepaidBillingMode,
  JOB_STATUSES,
  OPERATION_SCOPES,
  OPERATIONS,
  ORDER_STATUSES,
  orderStatusOf,
  PACKAGE_CHARGE_MODE,
  PERIOD_RANGES,
  PERIOD_TYPES,
  QUOTE_OPERATIONS,
  RESOURCE_TYPES,
  SCOPE_PAIRING,
  SCOPES,
  SITES,
  SPEC_CODE_IDS,
  SPEC_CODES,
  specCodeSoldOn,
  WORKSPACE_CHARGE_MODE_BILLING,
  WORKSPACE_CHARGE_MODES,
} from './enums.js';
export type {
  FieldIssue,
  IssueCode,
  Validation,
} from './issues.js';
export { ISSUE_CODES } from './issues.js';
export {
  LimitsSchema,
  limitsSchema,
} from './limits.js';
export type {
  Catalogue,
  HintKey,
  Locale,
  MessageKey,
  NumberFormat,
} from './messages.js';
export {
  CATALOGUE_EN,
  CATALOGUE_ZH_CN,
  CATALOGUES,
  formatIssue,
  formatIssueIn,
  HINTS,
  HINTS_EN,
  HINTS_ZH_CN,
  hint,
  hintIn,
  interpolate,
  LOCALES,
  MESSAGES,
  MESSAGES_EN,
  MESSAGES_ZH_CN,
  PROBLEM_MESSAGES,
  PROBLEM_MESSAGES_EN,
  PROBLEM_MESSAGES_ZH_CN,
  problemMessage,
  problemMessageIn,
} from './messages.js';
export { POLICY_MESSAGES_ZH_CN } from './messages-zh-CN.js';
export type {
  BandwidthPackageCreated,
  ChangeOrderCreated,
  ChangeWorkspaceBandwidthRequest,
  CloudConnection,
  CloudConnectionList,
  CreateBandwidthPackageRequest,
  CreateBandwidthPackageRequestInput,
  CreateSharedBandwidthRequest,
  CreateWorkspaceBandwidthRequest,
  Job,
  Order,
  OrderActionRequest,
  PrepaidOptions,
  Quote,
  QuoteRequest,
  QuoteRequestInput,
  QuoteUnavailableReason,
  RequestOf,
  SharedBandwidthCreated,
  Subnet,
  SubnetList,
  ValidatedOperation,
  WorkspaceBandwidth,
  WorkspaceBandwidthAccepted,
  WorkspaceBandwidthList,
} from './operations.js';
export {
  BandwidthIdSchema,
  BandwidthPackageCreatedSchema,
  ChangeOrderCreatedSchema,
  ChangeWorkspaceBandwidthRequestSchema,
  CloudConnectionListSchema,
  CloudConnectionSchema,
  CreateBandwidthPackageRequestSchema,
  CreateSharedBandwidthRequestSchema,
  CreateWorkspaceBandwidthRequestSchema,
  checkSharedBandwidthSize,
  JobSchema,
  OrderActionRequestSchema,
  OrderSchema,
  PrepaidOptionsSchema,
  QUOTE_UNAVAILABLE_REASONS,
  QuoteRequestSchema,
  QuoteSchema,
  SharedBandwidthCreatedSchema,
  SubnetListSchema,
  SubnetSchema,
  VALIDATED_OPERATIONS,
  validateBandwidthId,
  validateChangeSize,
  validateChangeWorkspaceBandwidth,
  validateCreateBandwidthPackage,
  validateCreateSharedBandwidth,
  validateCreateWorkspaceBandwidth,
  validateField,
  validateQuoteRequest,
  validateRequest,
  WorkspaceBandwidthAcceptedSchema,
  WorkspaceBandwidthListSchema,
  WorkspaceBandwidthSchema,
} from './operations.js';
export type {
  OperationPolicy,
  PolicyView,
  SpendCap,
  TenantPolicy,
} from './policy.js';
export {
  approvalReasons,
  checkPolicy,
  POLICY_MESSAGES_EN,
  policyViewFor,
} from './policy.js';
export type {
  Problem,
  ProblemCode,
  UpstreamService,
} from './problem.js';
export {
  FieldIssueSchema,
  MALFORMED_REQUEST_STATUS,
  PROBLEM_CODES,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_STATUS,
  ProblemSchema,
  UPSTREAM_SERVICES,
} from './problem.js';
export type {
  Limits,
  RuleContext,
  SizeRange,
  SizeSegment,
} from './rules.js';
export {
  BANDWIDTH_ID_PATTERN,
  DEFAULT_LIMITS,
  IDEMPOTENCY_KEY_PATTERN,
  isSafeText,
  isValidBandwidthId,
  isValidIdempotencyKey,
  isValidSharedBandwidthSize,
  NO_ANGLE_BRACKETS_PATTERN,
  nearestSharedBandwidthSizes,
  PACKAGE_DESCRIPTION_MAX_LENGTH,
  PACKAGE_NAME_MAX_LENGTH,
  ruleContextFromConfig,
  SHARED_BANDWIDTH_ABSOLUTE_MAX,
  SHARED_BANDWIDTH_NAME_CHARS_PATTERN,
  SHARED_BANDWIDTH_NAME_MAX_LENGTH,
  SHARED_BANDWIDTH_NAME_PATTERN,
  sharedBandwidthSizeHint,
  sizeSegmentOf,
  sizeStep,
  toWireAutoPay,
  toWireBandwidthSize,
  UNSAFE_TEXT_PATTERN,
} from './rules.js';
export type {
  ColorScheme,
  ThemeToken,
} from './theme.js';
export {
  COLOR_SCHEMES,
  isSafeCssValue,
  THEME_TOKENS,
  themeToCustomProperties,
} from './theme.js';
export type { WidgetTokenClaims } from './token.js';
export {
  formatScopes,
  parseScopes,
  TOKEN_AUDIENCE,
  TOKEN_MAX_TTL_SECONDS,
  WidgetTokenClaimsSchema,
} from './token.js';
export type { WebhookEventType } from './webhooks.js';
export { WEBHOOK_EVENT_TYPES } from './webhooks.js';
