export type {
  CustodyState,
  PostedTransaction,
  PostingData,
  PostOutcome,
  TxMeta,
} from './custody/custody-module.ts'
export {
  balanceOf,
  CASH,
  checkPostings,
  custodyModule,
  fromMinorUnits,
  postTransaction,
  reverseTransaction,
  stockOf,
  toMinorUnits,
} from './custody/custody-module.ts'
export { countPaise, DENOMINATIONS } from './day/cash-count.ts'
export { CASH_BAG_CODE_DIGITS, cashBagQr } from './day/cash-movement.ts'
export type { ChecklistItem } from './day/day-end.ts'
export { dayEndChecklist } from './day/day-end.ts'
export { dayModule } from './day/day-module.ts'
export type {
  CashBag,
  CashRequest,
  CloseAccount,
  DayState,
  Denominations,
  Discrepancy,
  Duty,
  LateEntry,
  OfficeDay,
} from './day/day-state.ts'
export { accounts, dayKey, requireDayBegun } from './day/day-state.ts'
export type { DomainError } from './events/domain-error.ts'
export { domainError } from './events/domain-error.ts'
export type { CommandContext, DakEvent } from './events/envelope.ts'
export { stamp } from './events/envelope.ts'
export { eventContext } from './events/event-context.ts'
export type { Hlc, HlcError, HlcErrorCode, HlcOptions, HlcStamp } from './events/hlc.ts'
export {
  createHlc,
  formatHlc,
  HLC_DEFAULT_MAX_DRIFT_MS,
  HLC_MAX_COUNTER,
  isHlc,
  parseHlc,
} from './events/hlc.ts'
export type { RandomBytes } from './events/ids.ts'
export { createIdFactory, createSequentialIds, ID_PATTERN, isId, uuidV7 } from './events/ids.ts'
export type {
  EventError,
  EventErrorCode,
  EventIssue,
  EventSupport,
  PayloadRegistry,
  PayloadSchemas,
} from './events/parse-event.ts'
export { createPayloadRegistry, eventSupport } from './events/parse-event.ts'
export type { ConflictResolvedPayload } from './events/schema.ts'
export { CONFLICT_RESOLVED, conflictResolvedSchema, envelopeSchema, isBusinessDate } from './events/schema.ts'
export { canonicalJson, eventBytes, signingPayload } from './identity/canonical.ts'
export type { ChainIssue, ChainIssueCode, ChainLink } from './identity/chain.ts'
export {
  chainKey,
  createEventHasher,
  eventHash,
  formatPrev,
  linkEvent,
  parsePrev,
  verifyChains,
} from './identity/chain.ts'
export type { ConfirmationError, ConfirmationRecord } from './identity/confirmation.ts'
export {
  confirmationCode,
  confirmationRecordSchema,
  deriveSubjectSecret,
  verifyConfirmationCode,
} from './identity/confirmation.ts'
export type { DayJournalReport } from './identity/day-journal-check.ts'
export { verifyDayJournal } from './identity/day-journal-check.ts'
export { DEVICE_ADMIN, enrolmentCodeHash } from './identity/device-admin.ts'
export {
  activeDeviceKey,
  deviceKeyLookup,
  isDeviceAllowed,
  registeredDeviceKey,
  totpCredentialsFor,
} from './identity/device-status.ts'
export {
  checkedEventTypes,
  eventAuthorityRefusal,
  REFERENCE_EVENT_TYPES,
} from './identity/event-authority.ts'
export type { FlagReview, FlagReviewedPayload, TrustFlagCode } from './identity/flag-review.ts'
export {
  decideFlagReview,
  FLAG_REVIEW,
  FLAG_REVIEWED,
  flagReviewedSchema,
  flagReviewRefusal,
  parseTrustFlagId,
  REVIEW_FLAG,
  TRUST_FLAG_CODES,
  trustFlagId,
} from './identity/flag-review.ts'
export { ENROLMENT_TTL_MS } from './identity/identity-commands.ts'
export { IDENTITY_EVENTS, IDENTITY_FLAGS } from './identity/identity-fold.ts'
export { identityModule } from './identity/identity-module.ts'
export type {
  DeviceEnrolledPayload,
  DeviceRevokedPayload,
  EnrolmentOpenedPayload,
  TotpEnrolledPayload,
  TotpRevokedPayload,
} from './identity/identity-schemas.ts'
export type {
  ChainHead,
  DeviceKeyRecord,
  EnrolmentRecord,
  IdentityState,
  TotpCredentialRecord,
} from './identity/identity-types.ts'
export type { LoginAssertionError, VerifiedLogin } from './identity/login-assertion.ts'
export { LOGIN_ASSERTION_MAX_SKEW_MS, loginClaim, verifyLoginAssertion } from './identity/login-assertion.ts'
export type { LockedOut, LoginGuard, LoginGuardConfig, LoginGuardState } from './identity/login-guard.ts'
export { createLoginGuard, DEFAULT_LOGIN_GUARD } from './identity/login-guard.ts'
export type { SealError, SealOptions } from './identity/seal.ts'
export { daySealDigest, sealDigest, sealOfHashes, verifySeal } from './identity/seal.ts'
export type {
  DevicePublicKey,
  SignatureAlgorithm,
  SignatureError,
  SignatureVerifier,
  Signer,
} from './identity/signatures.ts'
export {
  attachSignature,
  checkPublicKey,
  ed25519PublicKey,
  nobleVerifier,
  SIGNATURE_ALGORITHMS,
  signEvent,
  signEventWith,
  verifyEventSignature,
  verifySignatureBytes,
} from './identity/signatures.ts'
export type { QrClaim, SignedQrError } from './identity/signed-qr.ts'
export {
  encodeSignedQr,
  qrSigningPayload,
  signedQrPayload,
  signedQrPayloadSync,
  verifySignedQr,
} from './identity/signed-qr.ts'
export type {
  TotpAlgorithm,
  TotpError,
  TotpErrorCode,
  TotpMatch,
  TotpParams,
  TotpSecret,
  VerifyTotpInput,
} from './identity/totp.ts'
export {
  confirmTotpEnrolment,
  DEFAULT_TOTP_PARAMS,
  TOTP_ALGORITHMS,
  totpCode,
  totpSecretBase32,
  totpSecretCheck,
  totpStep,
  totpUri,
  verifyTotp,
} from './identity/totp.ts'
export type { TotpLoginInput, TotpLoginOutcome } from './identity/totp-login.ts'
export { attemptTotpLogin } from './identity/totp-login.ts'
export type { TrustAudit, TrustAuditInput, TrustFinding, TrustFindingCode } from './identity/trust-audit.ts'
export { auditTrust } from './identity/trust-audit.ts'
export type { BatchVerdict } from './identity/verify-batch.ts'
export { verifyIncomingEvents } from './identity/verify-batch.ts'
export type {
  IncomingEventError,
  IncomingEventErrorCode,
  VerifiedEvent,
  VerifyIncomingOptions,
} from './identity/verify-incoming.ts'
export { verifyIncomingEvent } from './identity/verify-incoming.ts'
export type { Folder, FolderAddResult, FolderOptions } from './journal/folder.ts'
export {
  createJournalFolder,
  decide,
  eventSupportOf,
  evolve,
  fold,
  initialState,
  journalKernel,
  openConflicts,
  parseEvent,
} from './journal/journal.ts'
export type { Kernel } from './journal/kernel.ts'
export { createKernel, RESOLVE_CONFLICT } from './journal/kernel.ts'
export type { Command, CommandHandler, Conflict, DomainModule, SliceModule } from './journal/module.ts'
export { compareEvents, dedupeAndSort } from './journal/order.ts'
export type { Room, RoomError } from './journal/rooms.ts'
export { dayRoom, inboxRoom, parseRoom } from './journal/rooms.ts'
export type { State } from './journal/state.ts'
export type { ArticleIdSeries, IssuedRange } from './mail/article-id-series.ts'
export { allocateArticleId, createArticleIdSeries } from './mail/article-id-series.ts'
export type { BagIdParts, BagType } from './mail/bag-id.ts'
export { BAG_SUBCLASS, BAG_TYPES, formatBagId, parseBagId } from './mail/bag-id.ts'
export type { Beat, BeatStop } from './mail/beat.ts'
export { improveRoute, orderBeat, routeMetres } from './mail/beat.ts'
export type { CodReconciliation } from './mail/cod.ts'
export { codReconciliation } from './mail/cod.ts'
export type { MailCheck } from './mail/day-end-checks.ts'
export { mailDayEndChecks } from './mail/day-end-checks.ts'
export { openIrregularities } from './mail/mail-apply.ts'
export { MAIL_PERMISSIONS } from './mail/mail-guard.ts'
export { mailModule } from './mail/mail-module.ts'
export { ATTEMPT_ACTIONS, ATTEMPT_REASONS, ID_DOCUMENTS } from './mail/mail-schemas.ts'
export type {
  ArticleClash,
  ArticleRecord,
  ArticleStatus,
  BeatRecord,
  CodRecord,
  DeliveryAttempt,
  IdDocumentRecord,
  InboundBag,
  Irregularity,
  IrregularityKind,
  MailState,
  OutboundBag,
  ProofOfDelivery,
  Redirection,
  RedirectTarget,
} from './mail/mail-state.ts'
export type { Manifest } from './mail/manifest.ts'
export {
  createManifest,
  decodeManifest,
  encodeManifest,
  ManifestError,
  manifestDigest,
} from './mail/manifest.ts'
export { deliveryOtp, isOtpSecret, OtpSecretError, otpKeyId, verifyDeliveryOtp } from './mail/otp.ts'
export type { IrregularityRecord } from './mail/receipt.ts'
export { irregularitiesOf } from './mail/receipt.ts'
export type { Reconciliation } from './mail/reconcile.ts'
export { isClean, reconcile } from './mail/reconcile.ts'
export {
  deliveryDigipin,
  REDIRECTABLE,
  redirectedAddressee,
  redirectedOffice,
  standingRedirection,
} from './mail/redirect.ts'
export type { ArticleId, ArticleIdErrorCode } from './mail/s10.ts'
export {
  ArticleIdError,
  articleIdCheckDigit,
  articleIdProblem,
  composeArticleId,
  isValidArticleId,
  normalizeArticleId,
  serviceIndicatorStatus,
} from './mail/s10.ts'
export type {
  BookingOptions,
  CustomerType,
  PriceBreakdown,
  PriceRequest,
  Service,
  Tariff,
  TariffTable,
} from './mail/tariff.ts'
export { codFee, isTariff, moneyOrderCommission, pickTable, priceArticle, SERVICES } from './mail/tariff.ts'
export type { TimelineEntry, TrackingCode } from './mail/tracking.ts'
export { articleTimeline, TRACKING_LABELS, trackingEntries } from './mail/tracking.ts'
export type { DemoOffice } from './office/demo-office.ts'
export { DEMO_DIVISION, demoOffice } from './office/demo-office.ts'
export type { OfficeState } from './office/office-module.ts'
export { officeModule } from './office/office-module.ts'
export type {
  DeviceRecord,
  DutyKind,
  OfficeKind,
  OfficeRecord,
  Role,
  RoleGrant,
  StaffRecord,
} from './office/office-types.ts'
export { DUTY_KINDS, OFFICE_KINDS, ROLES } from './office/office-types.ts'
export type { Action, Permission } from './office/permissions.ts'
export { authorize, DIFFERENCE_TOLERANCE_PAISE, PERMISSIONS, rolesIn } from './office/permissions.ts'
export type { Result } from './result.ts'
export { err, ok } from './result.ts'
