import type { State } from '@dak/core'
import { store } from '../state/app-state.ts'
import type { OfficeStore } from '../state/store.ts'

/** The open office store and its folded state; reading `version` re-renders the screen on every change. */
export function useOffice(): { office: OfficeStore; state: State } | null {
  const s = store.value
  if (!s) return null
  void s.version.value
  return { office: s, state: s.state() }
}

/** Roles a staff member holds in an office, from the folded reference data. */
export function rolesOf(state: State, staff: string, office: string): string[] {
  return state.office.grants.filter((g) => g.staff === staff && g.office === office).map((g) => g.role)
}

/** Display name of a staff id. */
export function staffName(state: State, staff: string): string {
  return state.office.staff[staff]?.name ?? staff
}
