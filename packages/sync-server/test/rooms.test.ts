import { dayRoom, inboxRoom } from '@dak/core/yjs'
import { describe, expect, it } from 'vitest'
import { isRoomName, roomKind } from '../src/index.ts'

describe('room names', () => {
  it("classifies core's day and inbox rooms with core's parser", () => {
    expect(roomKind(dayRoom('SO123', '2026-11-30'))).toEqual({
      kind: 'day',
      office: 'SO123',
      date: '2026-11-30',
    })
    expect(roomKind(inboxRoom('SO123'))).toEqual({ kind: 'inbox', office: 'SO123' })
    expect(roomKind(dayRoom('SO~1', '2026-11-30'))).toEqual({
      kind: 'day',
      office: 'SO~1',
      date: '2026-11-30',
    })
  })

  it('keeps other rooms, with their office when they start with office/<id>/', () => {
    expect(roomKind('office/SO123/reference')).toEqual({ kind: 'other', office: 'SO123' })
    expect(roomKind('reference/tariff')).toEqual({ kind: 'other', office: null })
  })

  it('serves every room core can name, and no day room core would refuse', () => {
    expect(isRoomName(dayRoom('SO123', '2026-11-30'))).toBe(true)
    expect(isRoomName(inboxRoom('SO~1'))).toBe(true)
    expect(isRoomName('reference/tariff')).toBe(true)
    // day-shaped but not a real date: it would escape the day room's office rule as an "other" room
    expect(isRoomName('office/SO123/day/2026-13-45')).toBe(false)
    expect(isRoomName('office/SO123/day/yesterday')).toBe(false)
    for (const bad of [
      '',
      'office/../x',
      'a//b',
      'office/SO 1/inbox',
      'a/b/c/d/e/f/g/h/i',
      'x'.repeat(257),
    ]) {
      expect(isRoomName(bad), bad).toBe(false)
    }
  })
})
