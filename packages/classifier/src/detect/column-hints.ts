/**
 * Header hints. For identifier types the content decides; these hints are needed only
 * where content alone cannot tell (CLASSIFIER.md): quasi-identifiers, `0`-prefixed stock
 * accounts, health headers, location traces, count columns of group tables.
 */

export interface HeaderHints {
  birth: boolean;
  age: boolean;
  gender: boolean;
  postal: boolean;
  account: boolean;
  health: boolean;
  lat: boolean;
  lon: boolean;
  latLon: boolean;
  time: boolean;
  entity: boolean;
  count: boolean;
  location: boolean;
  /** v2: the header names an identity number (damaged and 15-digit IDs count under it). */
  idNumber: boolean;
  /** v2: the header names a person (Latin names count under it). */
  person: boolean;
  /** v2: a first-name / last-name column of a name pair. */
  firstName: boolean;
  lastName: boolean;
  /** v2: the header names a diagnosis (bare ICD-10 codes count under it). */
  diagnosis: boolean;
}

/** Lower-case ASCII words of a header: splits on non-letters and camelCase. */
export function headerWords(h: string): string[] {
  return h
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

function anyWord(words: string[], list: readonly string[]): boolean {
  for (const w of words) if (list.includes(w)) return true;
  return false;
}
function anyHan(h: string, list: readonly string[]): boolean {
  for (const t of list) if (h.includes(t)) return true;
  return false;
}

export function headerHints(header: string): HeaderHints {
  const w = headerWords(header);
  const lower = header.toLowerCase();
  return {
    birth:
      anyWord(w, ['birth', 'birthday', 'birthdate', 'dob', 'born', 'birthyear']) ||
      lower.includes('birth') ||
      anyHan(header, ['出生', '生日']),
    age: anyWord(w, ['age', 'ages']) || anyHan(header, ['年龄', '岁数']),
    gender: anyWord(w, ['gender', 'sex']) || anyHan(header, ['性别']),
    postal:
      anyWord(w, ['postcode', 'postal', 'zip', 'zipcode', 'postalcode']) ||
      anyHan(header, ['邮编', '邮政编码']),
    account:
      anyWord(w, ['account', 'acct', 'accounts']) ||
      anyHan(header, ['账户', '帐户', '股东', '账号']),
    health:
      anyWord(w, [
        'diagnosis',
        'diagnoses',
        'dx',
        'condition',
        'conditions',
        'disease',
        'illness',
        'icd',
        'symptom',
        'symptoms',
        'medical',
      ]) || anyHan(header, ['病情', '诊断', '疾病', '病史', '症状', '病种', '病名']),
    diagnosis:
      anyWord(w, ['diagnosis', 'diagnoses', 'dx', 'icd', 'disease']) ||
      lower.includes('icd') ||
      anyHan(header, ['诊断', '疾病', '病种', '病名']),
    lat: anyWord(w, ['lat', 'latitude']) || anyHan(header, ['纬度']),
    lon: anyWord(w, ['lon', 'lng', 'long', 'longitude']) || anyHan(header, ['经度']),
    latLon:
      anyWord(w, [
        'latlon',
        'latlng',
        'coords',
        'coordinates',
        'location',
        'position',
        'gps',
        'point',
      ]) || anyHan(header, ['坐标', '位置', '定位']),
    time:
      anyWord(w, ['ts', 'time', 'timestamp', 'datetime', 'at', 'date']) ||
      anyHan(header, ['时间', '日期', '时刻']),
    entity:
      anyWord(w, [
        'id',
        'device',
        'user',
        'uid',
        'imei',
        'vehicle',
        'plate',
        'member',
        'person',
        'customer',
        'driver',
        'subject',
        'phone',
        'mobile',
      ]) || anyHan(header, ['设备', '用户', '车牌', '会员', '人员', '客户', '编号']),
    count: isCountHeader(header, w),
    location:
      anyWord(w, ['province', 'city', 'district', 'county', 'region', 'prefecture', 'area']) ||
      anyHan(header, ['省', '城市', '地区', '区县', '区域', '县']) ||
      header.trim() === '市' ||
      header.trim() === '区',
    idNumber:
      anyHan(header, ['身份证', '证件号', '身份号']) ||
      /^(?:id_?(?:card|no|number|num)|idcard|idno|identity(?:_?(?:no|number|card))?|national_?id|citizen_?id|sfz(?:h|hm)?|shenfenzheng)$/.test(
        lower.trim().replace(/[\s-]+/g, '_'),
      ),
    person:
      anyWord(w, [
        'name',
        'fullname',
        'customer',
        'contact',
        'client',
        'patient',
        'recipient',
        'consignee',
        'passenger',
        'employee',
        'member',
        'person',
        'student',
        'owner',
        'holder',
      ]) ||
      anyHan(header, [
        '姓名',
        '名字',
        '联系人',
        '客户',
        '收件人',
        '收货人',
        '患者',
        '乘客',
        '员工',
        '学生',
        '会员',
        '户主',
        '持卡人',
      ]),
    firstName:
      /^(?:first|given|fore)_?name$|^fname$/.test(lower.trim().replace(/[\s-]+/g, '_')) ||
      header.trim() === '名',
    lastName:
      /^(?:last|family|sur)_?name$|^surname$|^lname$/.test(lower.trim().replace(/[\s-]+/g, '_')) ||
      header.trim() === '姓',
  };
}

const COUNT_WORDS = [
  'count',
  'population',
  'n',
  'cnt',
  'people',
  'persons',
  'headcount',
  'freq',
  'frequency',
  'households',
];
/**
 * Count column of a group table. v2 adds people, persons, total, freq, frequency, households,
 * `*_count`, `count_*`, 人口, 户数, 频数, 计数, 合计. **Choice:** `total` counts only as the whole
 * header (`total_price` is an amount, not a count of persons).
 */
function isCountHeader(header: string, w: string[]): boolean {
  const t = header.trim().toLowerCase();
  if (t === 'total' || t === 'n') return true;
  if (w.length === 1 && COUNT_WORDS.includes(w[0])) return true;
  if (/(?:^|[_\s-])count$|^count(?:[_\s-]|$)/.test(t) || /[a-z]Count$/.test(header.trim()))
    return true;
  if (
    w.includes('population') ||
    w.includes('headcount') ||
    t.includes('sample_size') ||
    t.replace(/[^a-z]/g, '') === 'samplesize'
  )
    return true;
  return anyHan(header, ['人数', '数量', '人口', '户数', '频数', '计数', '合计']);
}
