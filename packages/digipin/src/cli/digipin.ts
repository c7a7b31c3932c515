#!/usr/bin/env node
/** The `digipin` command (bin of @dak/digipin). All logic is in main.ts so tests can run it in-process. */
import { main } from './main.ts'

// The few Node globals the command uses, declared here so the library itself compiles without Node types.
declare const process: {
  argv: string[]
  stdin: AsyncIterable<string> & { setEncoding(encoding: 'utf8'): unknown }
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown }
  exitCode: number | undefined
}

process.stdin.setEncoding('utf8')

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`digipin: unexpected failure: ${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 70
  },
)
