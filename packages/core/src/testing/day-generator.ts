/**
 * Command generator for the day module in the demo chain (Panem S.O in account with Nandyal H.O): Day Begin in
 * both offices, duties requested, approved and begun, counter deposits and withdrawals, cash requested from the
 * HO and approved there. Offline devices approving the same request, or acting on stale duties, produce the
 * day's conflicts. Every command still goes through `decide`; a refusal just means the state moved on.
 */
import { demoOffice } from '../office/demo-office.ts'
import type { CommandGenerator, Proposal } from './generators.ts'

const HO = 'nandyal-ho'
const SO = 'panem-so'
const COUNTER_STAFF = ['so-pa1', 'so-pa2', 'so-pa3'] as const
const COUNTERS = ['C1', 'C2', 'C3'] as const

const rupees = (n: number) => `${n}.00`

/** The day generator; its events carry the simulated world's date, so seed events use it too. */
export const dayGenerator: CommandGenerator = {
  name: 'day',
  weight: 3,
  seedEvents: (world) =>
    demoOffice({ date: world.date, at: Date.parse(`${world.date}T02:30:00.000Z`) }).events,
  setup: () => [
    {
      actor: 'ho-pm',
      office: HO,
      command: { type: 'day.begin', payload: { cash: { '500': 1000 }, stock: {} } },
    },
    {
      actor: 'so-spm',
      office: SO,
      command: {
        type: 'day.begin',
        payload: { cash: { '500': 200, '100': 100 }, stock: { 'stamp-5': 500 } },
      },
    },
  ],
  next(state, me, rng): Proposal | undefined {
    const duties = Object.values(state.day.duties)
      .filter((d) => d.office === SO && d.date === me.date)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    const roll = rng.next()
    if (roll < 0.15) {
      const i = rng.int(0, COUNTER_STAFF.length - 1)
      const staff = COUNTER_STAFF[i]!
      if (duties.some((d) => d.staff === staff && ['requested', 'approved', 'begun'].includes(d.status)))
        return undefined
      return {
        actor: staff,
        office: SO,
        command: { type: 'duty.request', payload: { kind: 'counter', counter: COUNTERS[i] } },
      }
    }
    if (roll < 0.3) {
      const asked = duties.filter((d) => d.status === 'requested')
      if (asked.length === 0) return undefined
      return {
        actor: 'so-spm',
        office: SO,
        command: { type: 'duty.approve', payload: { dutyId: rng.pick(asked).id } },
      }
    }
    if (roll < 0.42) {
      const approved = duties.filter((d) => d.status === 'approved')
      if (approved.length === 0) return undefined
      const d = rng.pick(approved)
      return {
        actor: d.staff,
        office: SO,
        duty: d.id,
        command: { type: 'shift.begin', payload: { dutyId: d.id } },
      }
    }
    if (roll < 0.75) {
      const open = duties.filter((d) => d.status === 'begun' && d.kind === 'counter')
      if (open.length === 0) return undefined
      const d = rng.pick(open)
      const inHand = d.depositsPaise - d.withdrawalsPaise
      const withdraw = inHand > 100_00 && rng.chance(0.4)
      const amount = withdraw ? rng.int(1, Math.floor(inHand / 100)) : rng.int(1, 20_000)
      const type = withdraw ? 'counter.withdraw' : 'counter.deposit'
      const payload = { amount: rupees(amount), reference: `SB ${rng.int(1_000_000, 9_999_999)}` }
      return { actor: d.staff, office: SO, duty: d.id, command: { type, payload } }
    }
    if (roll < 0.87) {
      const hundreds = rng.int(1, 50)
      const payload = {
        amount: rupees(hundreds * 500),
        denominations: { '500': hundreds },
        remark: 'simulated need',
      }
      return { actor: 'so-spm', office: SO, command: { type: 'cash.request', payload } }
    }
    const pending = Object.values(state.day.cashRequests)
      .filter((r) => r.status === 'requested' && r.accountOffice === HO)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    if (pending.length === 0) return undefined
    const r = rng.pick(pending)
    return {
      actor: 'ho-spm',
      office: HO,
      command: { type: 'cash.approve', payload: { requestId: r.id, amount: r.amount } },
    }
  },
}
