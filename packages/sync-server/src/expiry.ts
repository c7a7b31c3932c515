/**
 * Closes connections when their token expires, on one shared one-second timer: a timer per socket would cost
 * more heap than the rest of a held connection's own state. A connection closes within a second of its
 * token's `exp`.
 */
import type { Connection } from './connection.ts'

export interface Expiry {
  /** Watches `conn`, whose token expires at `exp` (Unix seconds). */
  add(conn: Connection): void
  /** Stops watching `conn` (it closed). */
  remove(conn: Connection): void
  stop(): void
}

export function createExpiry(now: () => number, expired: (conn: Connection) => void): Expiry {
  // connections by the second their token expires
  const due = new Map<number, Set<Connection>>()
  const sweep = (): void => {
    const second = Math.floor(now() / 1000)
    for (const [exp, conns] of due) {
      if (exp > second) continue
      due.delete(exp)
      for (const c of conns) expired(c)
    }
  }
  const timer = setInterval(sweep, 1000)
  timer.unref()
  return {
    add(conn) {
      const exp = conn.claims.exp
      let conns = due.get(exp)
      if (!conns) {
        conns = new Set()
        due.set(exp, conns)
      }
      conns.add(conn)
    },
    remove(conn) {
      const conns = due.get(conn.claims.exp)
      if (conns?.delete(conn) && conns.size === 0) due.delete(conn.claims.exp)
    },
    stop: () => clearInterval(timer),
  }
}
