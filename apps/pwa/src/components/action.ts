import type { Command } from '@dak/core'
import { useState } from 'preact/hooks'
import type { OfficeStore } from '../state/store.ts'
import type { ShownError } from './errors.ts'

/** Runs commands for a screen and keeps the last outcome for `ResultNote`. */
export function useAction(office: OfficeStore | undefined) {
  const [error, setError] = useState<ShownError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (command: Command, okText: string, duty?: string | null): Promise<boolean> => {
    if (!office) return false
    setBusy(true)
    setError(null)
    setDone(null)
    const r = await office.run(command, duty)
    setBusy(false)
    if (!r.ok) {
      setError(r.error)
      return false
    }
    setDone(okText)
    return true
  }
  return { run, error, done, busy }
}
