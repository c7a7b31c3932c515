/** Structured logs: one JSON object per line. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** A log sink; the server calls it with a level, a short event name and fields. */
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Writes JSON lines (`{"t":…,"level":…,"event":…,…}`) to `out`, dropping levels below `min`. */
export function createJsonLogger(
  min: LogLevel = 'info',
  out: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  return (level, event, fields) => {
    if (RANK[level] < RANK[min]) return
    out(`${JSON.stringify({ t: new Date().toISOString(), level, event, ...fields })}\n`)
  }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = () => {}
