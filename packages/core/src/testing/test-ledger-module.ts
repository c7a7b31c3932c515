/**
 * A test-only module that exercises the journal machinery on its own: accounts, minting and moving integer
 * paise, with two conflict kinds that offline devices produce (an account opened twice; a move that overdrew
 * an account once concurrent moves were merged). Conservation: the balances always sum to what was minted,
 * whatever conflicts are open or how they are resolved. Never registered in the real module list.
 */
import * as v from 'valibot'
import { domainError } from '../events/domain-error.ts'
import { type DakEvent, stamp } from '../events/envelope.ts'
import { CONFLICT_RESOLVED, type ConflictResolvedPayload } from '../events/schema.ts'
import type { Conflict, SliceModule } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { err, ok } from '../result.ts'

export interface TestLedgerSlice {
  /** Balance in paise by account. */
  balances: Record<string, number>
  /** Ids of the events that opened each account (more than one is a conflict). */
  openings: Record<string, string[]>
  /** Total paise minted: the balances must always sum to this. */
  minted: number
  /** Moves that overdrew their source, by event id, with what they moved. */
  overdrafts: Record<string, { from: string; to: string; amount: number }>
  open: Record<string, Conflict>
  resolved: Record<string, string>
}

/** The real state plus the test ledger slice. */
export type TestState = State & { testLedger: TestLedgerSlice }

const account = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,32}$/, 'account must be 1-32 of a-z 0-9 -'))
const amount = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000))
const openedSchema = v.strictObject({ account })
const mintedSchema = v.strictObject({ account, amount })
const movedSchema = v.strictObject({ from: account, to: account, amount })

const refuse = (code: string, rule: string, message: string) => err(domainError(code, rule, message))

/** The test ledger module over `TestState`. */
export const testLedgerModule: SliceModule<TestState, 'testLedger'> = {
  name: 'testLedger',
  init: () => ({ balances: {}, openings: {}, minted: 0, overdrafts: {}, open: {}, resolved: {} }),
  commands: {
    'test-ledger.open'(state, command, ctx) {
      const p = v.safeParse(openedSchema, command.payload)
      if (!p.success) return refuse('invalid-command', 'an account has a name', p.issues[0]!.message)
      if (p.output.account in state.testLedger.balances) {
        return refuse(
          'account-exists',
          'an account is opened once',
          `account ${p.output.account} is already open`,
        )
      }
      return ok([stamp(ctx, 'test-ledger.opened', p.output)])
    },
    'test-ledger.mint'(state, command, ctx) {
      const p = v.safeParse(mintedSchema, command.payload)
      if (!p.success)
        return refuse('invalid-command', 'minting names an account and paise', p.issues[0]!.message)
      if (!(p.output.account in state.testLedger.balances)) {
        return refuse(
          'account-unknown',
          'money goes into an open account',
          `account ${p.output.account} is not open`,
        )
      }
      return ok([stamp(ctx, 'test-ledger.minted', p.output)])
    },
    'test-ledger.move'(state, command, ctx) {
      const p = v.safeParse(movedSchema, command.payload)
      if (!p.success)
        return refuse('invalid-command', 'a move names two accounts and paise', p.issues[0]!.message)
      const { from, to, amount: paise } = p.output
      const balances = state.testLedger.balances
      if (!(from in balances) || !(to in balances) || from === to) {
        return refuse(
          'account-unknown',
          'money moves between two open accounts',
          `cannot move ${from} → ${to}`,
        )
      }
      if (balances[from]! < paise) {
        return refuse(
          'insufficient-balance',
          'an account never goes below zero',
          `${from} holds ${balances[from]}`,
        )
      }
      return ok([stamp(ctx, 'test-ledger.moved', p.output)])
    },
  },
  payloadSchemas: {
    'test-ledger.opened': { 1: openedSchema },
    'test-ledger.minted': { 1: mintedSchema },
    'test-ledger.moved': { 1: movedSchema },
  },
  apply(slice, event) {
    switch (event.type) {
      case 'test-ledger.opened':
        return applyOpened(slice, event as DakEvent<string, v.InferOutput<typeof openedSchema>>)
      case 'test-ledger.minted': {
        const p = event.payload as v.InferOutput<typeof mintedSchema>
        if (!(p.account in slice.balances)) return
        slice.balances[p.account]! += p.amount
        slice.minted += p.amount
        return
      }
      case 'test-ledger.moved':
        return applyMoved(slice, event as DakEvent<string, v.InferOutput<typeof movedSchema>>)
      case CONFLICT_RESOLVED:
        return applyResolved(slice, event.payload as ConflictResolvedPayload)
    }
  },
  conflicts: (slice) => Object.values(slice.open),
}

function applyOpened(slice: TestLedgerSlice, event: DakEvent<string, { account: string }>): void {
  const name = event.payload.account
  const ids = slice.openings[name]
  if (!ids) {
    slice.openings[name] = [event.id]
    slice.balances[name] = 0
    return
  }
  ids.push(event.id)
  const id = `account-opened-twice:${name}`
  if (slice.resolved[id]) return
  slice.open[id] = {
    id,
    kind: 'account-opened-twice',
    subject: name,
    events: [...ids],
    resolutions: ['keep-one'],
    message: `account ${name} was opened on ${ids.length} devices while they were offline`,
  }
}

function applyMoved(
  slice: TestLedgerSlice,
  event: DakEvent<string, { from: string; to: string; amount: number }>,
) {
  const { from, to, amount: paise } = event.payload
  if (!(from in slice.balances) || !(to in slice.balances)) return
  slice.balances[from]! -= paise
  slice.balances[to]! += paise
  if (slice.balances[from]! >= 0) return
  // Concurrent offline moves overdrew the account: the money still moved (nothing lost or counted twice);
  // a person decides whether to accept it or to reverse this move.
  const id = `account-overdrawn:${event.id}`
  slice.overdrafts[event.id] = { from, to, amount: paise }
  slice.open[id] = {
    id,
    kind: 'account-overdrawn',
    subject: from,
    events: [event.id],
    resolutions: ['accept', 'reverse'],
    message: `moving ${paise} paise overdrew ${from} to ${slice.balances[from]}`,
  }
}

function applyResolved(slice: TestLedgerSlice, p: ConflictResolvedPayload): void {
  const conflict = slice.open[p.conflictId]
  if (!conflict) return
  delete slice.open[p.conflictId]
  slice.resolved[p.conflictId] = p.resolution
  if (conflict.kind === 'account-overdrawn' && p.resolution === 'reverse') {
    const move = slice.overdrafts[conflict.events[0]!]
    if (!move) return
    slice.balances[move.from]! += move.amount
    slice.balances[move.to]! -= move.amount
  }
}

/** Conservation law of the test ledger: balances sum to the paise minted. */
export function testLedgerConserved(slice: TestLedgerSlice): boolean {
  let sum = 0
  for (const b of Object.values(slice.balances)) sum += b
  return sum === slice.minted
}
