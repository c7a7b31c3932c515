/** Splits a stream of text chunks into lines (without the line ending), streaming. */
export async function* lines(input: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = ''
  for await (const chunk of input) {
    rest += chunk
    let nl = rest.indexOf('\n')
    while (nl >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '')
      rest = rest.slice(nl + 1)
      nl = rest.indexOf('\n')
    }
  }
  if (rest.length > 0) yield rest.replace(/\r$/, '')
}

/** Reads a whole stream as text. */
export async function readAll(input: AsyncIterable<string>): Promise<string> {
  let out = ''
  for await (const line of lines(input)) out += `${line}\n`
  return out
}

/** Splits one CSV line into fields (double-quoted fields may hold commas and doubled quotes). */
export function csvFields(line: string): string[] {
  const out: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      out.push(field.trim())
      field = ''
    } else field += c
  }
  out.push(field.trim())
  return out
}

/** One CSV field, quoted when it needs to be. */
export function csvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
