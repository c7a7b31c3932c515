export const binding = 'yjs'
