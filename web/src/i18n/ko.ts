// Korean messages: the app's default language and the reference catalog. Every key here must be in
// en.ts too (its type is Messages, made from this object), so a missing translation fails the build.
// Placeholders in braces are filled by t(key, {name: ...}).
const ko = {
  'lang.label': '언어',
  'lang.ko': '한국어',
  'lang.en': 'English',

  'a11y.skipToMain': '본문으로 건너뛰기',
  'a11y.loading': '불러오는 중…',

  'brand.fallback': '장터',
  'brand.tagline': '{region} 지역 상거래 포털',

  'nav.label': '주 메뉴',
  'nav.home': '홈',
  'nav.businessNumber': '사업자등록번호 확인',

  'operator.error.title': '포털 정보를 불러오지 못했습니다',
  'operator.error.body': '서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  'common.retry': '다시 시도',

  'home.title': '{name}에 오신 것을 환영합니다',
  'home.lead':
    '{region}의 작은 가게와 기업이 함께 쓰는 지역 상거래 포털입니다. 매장과 온라인을 하나의 상품, 재고, 주문, 고객으로 이어 줍니다.',
  'home.facts.title': '포털 정보',
  'home.facts.operator': '운영',
  'home.facts.region': '지역',
  'home.facts.currency': '통화',
  'home.facts.timeZone': '시간대',
  'home.currency.KRW': '원 (KRW)',
  'home.timeZone.Asia/Seoul': '한국 표준시 (Asia/Seoul)',
  'home.card.check.title': '사업자등록번호 확인',
  'home.card.check.body': '입점을 신청하기 전에 사업자등록번호가 올바른지 확인해 보세요.',
  'home.card.check.link': '확인하러 가기',

  'check.title': '사업자등록번호 확인',
  'check.intro': '사업자등록번호 10자리의 마지막 자리(검증번호)가 맞는지 확인합니다.',
  'check.label': '사업자등록번호',
  'check.hint': '숫자 10자리를 입력하세요. 하이픈(-)은 넣어도 되고 빼도 됩니다. 예: 123-45-67891',
  'check.submit': '확인',
  'check.submitting': '확인 중…',
  'check.required': '사업자등록번호를 입력해 주세요.',
  'check.invalid': '올바른 사업자등록번호가 아닙니다.',
  'check.error.business_number_length': '사업자등록번호는 숫자 10자리입니다. 예: 123-45-67891',
  'check.error.business_number_check_digit': '검증번호가 맞지 않습니다. 번호를 다시 확인해 주세요.',
  'check.valid': '올바른 사업자등록번호입니다.',
  'check.formatted': '번호',
  'check.digits': '숫자만',
  'check.networkError': '서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  'check.serverError': '확인하지 못했습니다 (오류 {status}). 잠시 후 다시 시도해 주세요.',

  'notFound.code': '404',
  'notFound.title': '페이지를 찾을 수 없습니다',
  'notFound.body': '주소가 바뀌었거나 없는 페이지입니다. 주소를 다시 확인해 주세요.',
  'notFound.home': '홈으로 가기',

  'footer.poweredBy': '오픈소스 지역 상거래 플랫폼 장터(Jangteo)로 운영됩니다.',
  'footer.operator': '운영: {name}',

  'title.separator': ' · ',
};

export type MessageKey = keyof typeof ko;
export type Messages = { readonly [K in MessageKey]: string };

export default ko satisfies Messages;
