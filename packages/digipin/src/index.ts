export const packageName = '@dak/digipin'
