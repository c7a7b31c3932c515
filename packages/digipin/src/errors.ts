/** The stable codes of every {@link DigipinError}. */
export type DigipinErrorCode =
  | 'not-a-number'
  | 'lat-out-of-range'
  | 'lon-out-of-range'
  | 'not-a-string'
  | 'empty'
  | 'invalid-character'
  | 'beta-symbol'
  | 'invalid-length'
  | 'invalid-separator'
  | 'invalid-precision'
  | 'invalid-argument'
  | 'too-many-cells'

/** Where and what went wrong, as plain data (what {@link parse} returns in its `error`). */
export interface DigipinIssue {
  code: DigipinErrorCode
  /** Human message: what was wrong and what is accepted. */
  message: string
  /** The offending value (a number, a code string, a character…). */
  value?: unknown
  /** 0-based position of the offending character in the input, when the problem is one character. */
  position?: number
  /** For `beta-symbol`: the current symbol that replaced the beta one. */
  replacement?: string
}

/**
 * The one error class of this package. Its `code` is stable and meant for programs (map it to UI text); its
 * message is for people and always says what is accepted.
 */
export class DigipinError extends Error {
  // `declare`: assigned in the constructor, so no class-field definitions are emitted (smaller bundle)
  declare readonly code: DigipinErrorCode
  declare readonly value: unknown
  declare readonly position: number | undefined
  declare readonly replacement: string | undefined
  constructor(issue: DigipinIssue) {
    super(issue.message)
    this.code = issue.code
    this.value = issue.value
    this.position = issue.position
    this.replacement = issue.replacement
    this.name = 'DigipinError'
  }
  /** The same facts as plain data, for logs and JSON APIs (`JSON.stringify` of an Error drops its message). */
  toJSON(): DigipinIssue {
    return { ...this, message: this.message }
  }
}
