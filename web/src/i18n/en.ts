import type { Messages } from './ko';

// English messages. Typed as Messages: a key that ko.ts has and this file lacks (or a key that
// ko.ts does not have) is a compile error.
const en: Messages = {
  'lang.label': 'Language',
  'lang.ko': '한국어',
  'lang.en': 'English',

  'a11y.skipToMain': 'Skip to main content',
  'a11y.loading': 'Loading…',

  'brand.fallback': 'Jangteo',
  'brand.tagline': 'Regional commerce portal of {region}',

  'nav.label': 'Main menu',
  'nav.home': 'Home',
  'nav.businessNumber': 'Business number check',

  'operator.error.title': 'The portal could not be loaded',
  'operator.error.body': 'The server cannot be reached. Please try again in a moment.',
  'common.retry': 'Try again',

  'home.title': 'Welcome to {name}',
  'home.lead':
    'The shared commerce portal of the small businesses of {region}: shop counter and web joined with one catalog, one stock, one order book and one customer list.',
  'home.facts.title': 'About this portal',
  'home.facts.operator': 'Run by',
  'home.facts.region': 'Region',
  'home.facts.currency': 'Currency',
  'home.facts.timeZone': 'Time zone',
  'home.currency.KRW': 'Korean won (KRW)',
  'home.timeZone.Asia/Seoul': 'Korea Standard Time (Asia/Seoul)',
  'home.card.check.title': 'Business number check',
  'home.card.check.body': 'Before you apply as a merchant, check that your business registration number is right.',
  'home.card.check.link': 'Check a number',

  'check.title': 'Check a business registration number',
  'check.intro': 'Checks the last digit (the check digit) of a 10-digit Korean business registration number.',
  'check.label': 'Business registration number',
  'check.hint': 'Enter 10 digits, with or without hyphens (-). Example: 123-45-67891',
  'check.submit': 'Check',
  'check.submitting': 'Checking…',
  'check.required': 'Please enter a business registration number.',
  'check.invalid': 'This is not a valid business registration number.',
  'check.error.business_number_length': 'A business registration number has 10 digits, e.g. 123-45-67891.',
  'check.error.business_number_check_digit': 'The check digit does not match. Please check the number.',
  'check.valid': 'This business registration number is valid.',
  'check.formatted': 'Number',
  'check.digits': 'Digits only',
  'check.networkError': 'The server cannot be reached. Please try again in a moment.',
  'check.serverError': 'The number could not be checked (error {status}). Please try again in a moment.',

  'notFound.code': '404',
  'notFound.title': 'Page not found',
  'notFound.body': 'The address may have changed, or the page does not exist. Please check the address.',
  'notFound.home': 'Go to the home page',

  'footer.poweredBy': 'Runs on Jangteo, the open-source regional commerce platform.',
  'footer.operator': 'Run by {name}',

  'title.separator': ' · ',
};

export default en;
