// `npm start`: installs (the pinned pnpm too), builds every package and the PWA, then starts the sync server
// serving the built PWA on localhost with embedded storage and a seeded demo office. PORT, HOST and DAK_DATA
// override the defaults (8080, 127.0.0.1, .data/sync).
import { spawn } from 'node:child_process'
import { ensurePnpm, installWorkspace, root, run } from './lib/pnpm.mjs'

const pnpm = ensurePnpm()
installWorkspace(pnpm)
run(pnpm, ['run', 'build'])
const child = spawn(process.execPath, ['--import', 'tsx', 'apps/pwa/server/demo-server.ts'], {
  cwd: root,
  stdio: 'inherit',
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
