/**
 * The English message catalogue: the source of truth for message keys. `hi.ts` is typed against it, so a key
 * missing from Hindi is a compile error. `{name}` placeholders are filled by `t(key, { name })`.
 */
export const en = {
  'app.name': 'Dak',
  'app.tagline': 'Post office day',
  'app.skip': 'Skip to content',
  'nav.label': 'Main',
  'nav.home': 'Home',
  'nav.settings': 'Settings',
  'lang.label': 'Language',
  'lang.switch': 'हिन्दी',
  'theme.label': 'Theme',
  'theme.system': 'System',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'status.online': 'Online',
  'status.offline': 'Offline — work is saved on this device',
  'status.pending': '{count} changes waiting to sync',
  'status.saved': 'Saved on server',
  'status.syncing': 'Syncing…',
  'update.available': 'A new version is available. Finish your current work, then reload.',
  'update.reload': 'Reload',
  'update.later': 'Later',
  'update.offlineReady': 'Ready to work offline',
  'common.close': 'Close',
  'common.back': 'Back',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.confirm': 'Confirm',
  'common.print': 'Print',
  'common.total': 'Total',
  'common.none': 'Nothing yet',
  'common.required': 'Required',
  'home.title': 'Today',
  'home.welcome': 'Welcome, {name}',
  'home.notLoggedIn': 'Log in to start the day.',
  'settings.title': 'Settings',
  'settings.storage': 'Storage on this device',
  'settings.storageUsage': '{used} used of {quota}',
  'settings.persisted': 'Protected from automatic clearing',
  'settings.notPersisted':
    'The browser may clear this data when space runs low. Install the app to protect it.',
  'settings.version': 'Version {version}',
  'error.generic': 'Something went wrong: {message}. Try again; if it keeps happening, tell your supervisor.',
} as const

/** Every message key. */
export type MessageKey = keyof typeof en
/** A complete catalogue: every key of the English source, any string value. */
export type Messages = { readonly [K in MessageKey]: string }
