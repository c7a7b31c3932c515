import { createHlc } from '@dak/core'

/**
 * The device's clock and id source for `CommandContext`: core's hybrid logical clock fed with this device's
 * wall clock, merged with every stamp seen from other devices (`observe`), so this device's events fold after
 * everything it has already seen even when its own clock is slow.
 */
export interface DeviceClock {
  now(): number
  nextHlc(): string
  observe(hlc: string): void
  newId(): string
}

export function createDeviceClock(node: string, wall: () => number = Date.now): DeviceClock {
  const hlc = createHlc(node)
  return {
    now: wall,
    nextHlc() {
      const r = hlc.send(wall())
      // send only fails after 65,536 stamps in one logical ms or on a clock far behind a seen stamp
      if (!r.ok) throw new Error(`${r.error.message}`)
      return r.value
    },
    observe(stamp) {
      // a stamp from a device whose clock is far ahead is refused by core and simply not merged
      hlc.receive(stamp, wall())
    },
    newId: () => globalThis.crypto.randomUUID(),
  }
}
