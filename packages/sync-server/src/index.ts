export const packageName = '@dak/sync-server'
