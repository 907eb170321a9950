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
      anyWord(w, ['postcode', 'postal', 'zip', 'zipcode', 'postalcode']) || anyHan(header, ['邮编', '邮政编码']),
    account: anyWord(w, ['account', 'acct', 'accounts']) || anyHan(header, ['账户', '帐户', '股东', '账号']),
    health:
      anyWord(w, ['diagnosis', 'diagnoses', 'condition', 'conditions', 'disease', 'illness', 'icd', 'symptom', 'symptoms', 'medical']) ||
      anyHan(header, ['病情', '诊断', '疾病', '病史', '症状', '病种', '病名']),
    lat: anyWord(w, ['lat', 'latitude']) || anyHan(header, ['纬度']),
    lon: anyWord(w, ['lon', 'lng', 'long', 'longitude']) || anyHan(header, ['经度']),
    latLon:
      anyWord(w, ['latlon', 'latlng', 'coords', 'coordinates', 'location', 'position', 'gps', 'point']) ||
      anyHan(header, ['坐标', '位置', '定位']),
    time:
      anyWord(w, ['ts', 'time', 'timestamp', 'datetime', 'at', 'date']) || anyHan(header, ['时间', '日期', '时刻']),
    entity:
      anyWord(w, ['id', 'device', 'user', 'uid', 'imei', 'vehicle', 'plate', 'member', 'person', 'customer', 'driver', 'subject', 'phone', 'mobile']) ||
      anyHan(header, ['设备', '用户', '车牌', '会员', '人员', '客户', '编号']),
    count:
      anyWord(w, ['count', 'population', 'n', 'cnt', 'people', 'persons', 'headcount']) ||
      lower.includes('sample_size') ||
      lower.replace(/[^a-z]/g, '') === 'samplesize' ||
      anyHan(header, ['人数', '数量', '人口']),
    location:
      anyWord(w, ['province', 'city', 'district', 'county', 'region', 'prefecture', 'area']) ||
      anyHan(header, ['省', '城市', '地区', '区县', '区域', '县']) ||
      header.trim() === '市' ||
      header.trim() === '区',
  };
}
