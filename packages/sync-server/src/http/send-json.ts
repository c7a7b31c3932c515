/** Writes a JSON answer that no cache keeps (tokens and refusals), for the server's HTTP routes and hooks. */
import type { ServerResponse } from 'node:http'

/** Sends `body` as JSON with `status` and `Cache-Control: no-store`, plus `headers`. Returns true (handled). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): true {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(JSON.stringify(body))
  return true
}
