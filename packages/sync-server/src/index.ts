/**
 * @dak/sync-server — an authenticated, validating, durable y-websocket server with embedded storage.
 */
export type {
  IssueTokenInput,
  Scope,
  TokenClaims,
  TokenError,
  TokenErrorCode,
  TokenResult,
} from './auth/token.ts'
export { grants, issueToken, roomMatches, verifyToken } from './auth/token.ts'
export type { Connection, EventVerifier } from './connection.ts'
export { CloseCode } from './connection.ts'
export { createCoreValidator } from './core-validator.ts'
export { loadOrCreateSecret } from './data-dir.ts'
export type { NodeSignatureVerifier, SignatureHookOptions, UpdateVerdict } from './event-verifier.ts'
export { createNodeVerifier, createSignatureHook, verifyUpdateEvents } from './event-verifier.ts'
export type {
  DeviceTokenErrorCode,
  DeviceTokenGrant,
  DeviceTokenOptions,
  DeviceTokenRequest,
} from './http/device-token.ts'
export {
  checkDeviceTokenRequest,
  createDeviceTokenHook,
  DEVICE_TOKEN_PATH,
  DeviceTokenError,
  deviceTokenRooms,
  foldWithEvidence,
  parseDeviceTokenRequest,
  storedTrustEvents,
} from './http/device-token.ts'
export { sendJson } from './http/send-json.ts'
export { DEFAULT_CSP } from './http/static.ts'
export type {
  IdentityRegistry,
  IdentityRegistryOptions,
  IdentityRegistryStats,
} from './identity-registry.ts'
export {
  createIdentityRegistry,
  identityRoom,
  isReservedRoom,
  REGISTRY_MARKER_ROOM,
  TRUST_EVENT_TYPES,
} from './identity-registry.ts'
export type { Logger, LogLevel } from './log.ts'
export { createJsonLogger, silentLogger } from './log.ts'
export type { Metrics } from './metrics.ts'
export { decodeSyncStatus, encodeSyncStatus, messageSyncStatus } from './protocol.ts'
export type { RoomKind } from './rooms.ts'
export { isRoomName, roomKind } from './rooms.ts'
export type { HttpContext, HttpHook, RunningServer, ServerOptions } from './server.ts'
export { startServer } from './server.ts'
export { openLevelStorage } from './storage/level.ts'
export { createMemoryStorage } from './storage/memory.ts'
export type { Seal, Snapshot, Storage, StoredRoom, StoredUpdate, WriteBatch } from './storage/storage.ts'
export { StorageError } from './storage/storage.ts'
export type {
  AddedEvent,
  Inspection,
  JournalEvent,
  UpdateValidator,
  Violation,
  ViolationCode,
  WriteContext,
} from './validate.ts'
export { createJournalValidator, isEvent, JOURNAL_MAP } from './validate.ts'
