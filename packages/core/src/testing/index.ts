export const testing = true
