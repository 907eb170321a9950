/** Column-level PERSON_NAME detection: surname lists and exclusions for place/product words. */

// Common single-character surnames (百家姓 / the 2020 census top ~300).
const SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由';
const COMPOUND = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '端木', '西门', '南宫', '独孤', '呼延', '赫连', '澹台', '公冶', '宗政', '濮阳', '太叔',
  '申屠', '钟离', '闻人', '万俟', '司空', '第五', '拓跋', '百里', '东郭', '单于', '左丘', '谷梁', '乐正',
];
const SINGLE_SET = new Set(SINGLE.split(''));
const COMPOUND_SET = new Set(COMPOUND);

// Last characters that make a word a place, organisation or product, not a name.
const NOT_NAME_LAST = new Set('区市省县路街镇乡村州店厂司酒茶馆院局站楼巷湾港园场部处队社所'.split(''));
// Whole words that start with a surname character but are places or products.
const NOT_NAME_WORDS = new Set([
  '白酒', '黄酒', '红酒', '米酒', '白茶', '红茶', '绿茶', '黄茶', '花茶', '白糖', '红糖', '白菜', '黄瓜', '白米',
  '江岸', '江汉', '汉阳', '武昌', '青山', '洪山', '江夏', '黄陂', '新洲', '蔡甸', '汉南', '东西湖', '武汉',
  '黄山', '泰山', '华山', '衡山', '嵩山', '庐山', '长江', '黄河', '江南', '江北', '湖北', '湖南', '河南',
  '河北', '山东', '山西', '广东', '广西', '云南', '贵州', '四川', '西藏', '新疆', '宁夏', '青海', '甘肃',
  '陕西', '江苏', '江西', '安徽', '浙江', '福建', '海南', '台湾', '香港', '澳门', '北京', '天津', '上海',
  '重庆', '吉林', '辽宁', '黑龙江', '内蒙古', '南京', '杭州', '郑州', '长沙', '成都', '广州', '深圳',
  '金融', '金属', '高端', '高铁', '高速', '高温', '高压', '石油', '石材', '文化', '文具', '电子', '包装',
  '国际', '国内', '国外', '全国', '全部', '明天', '明日', '平安', '安全', '和平', '时间', '常规', '方便',
]);

function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

// The character sets above as flags per ideograph, so the per-value check needs no strings.
const N_SURNAME = 1;
const N_NOT_LAST = 2;
const N_COMPOUND_FIRST = 4;
const NAME_FLAGS = new Uint8Array(0x9fff - 0x4e00 + 1);
for (const ch of SINGLE_SET) NAME_FLAGS[ch.charCodeAt(0) - 0x4e00] |= N_SURNAME;
for (const ch of NOT_NAME_LAST) NAME_FLAGS[ch.charCodeAt(0) - 0x4e00] |= N_NOT_LAST;
for (const w of COMPOUND_SET) NAME_FLAGS[w.charCodeAt(0) - 0x4e00] |= N_COMPOUND_FIRST;

/** Surname (single or compound) + 1–2 Han characters, not a place or product word. */
export function isChineseName(v: string): boolean {
  const n = v.length;
  if (n < 2 || n > 4) return false;
  for (let i = 0; i < n; i++) if (!isHan(v.charCodeAt(i))) return false;
  if ((NAME_FLAGS[v.charCodeAt(n - 1) - 0x4e00] & N_NOT_LAST) !== 0) return false;
  const first = NAME_FLAGS[v.charCodeAt(0) - 0x4e00];
  const name =
    (n >= 3 && (first & N_COMPOUND_FIRST) !== 0 && COMPOUND_SET.has(v.slice(0, 2))) || (n <= 3 && (first & N_SURNAME) !== 0);
  return name && !NOT_NAME_WORDS.has(v);
}

const PINYIN_SURNAMES = new Set(
  (
    'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang ' +
    'han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lu ding ren shen yao cui ' +
    'zhong tan wang fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao ' +
    'mo kong kang qi zhuang ouyang sima zhuge shangguan situ ' +
    'smith johnson williams brown jones miller davis garcia rodriguez wilson martinez anderson taylor thomas ' +
    'moore jackson martin lee thompson white harris clark lewis robinson walker young allen king wright scott ' +
    'green baker adams nelson hill campbell mitchell roberts carter phillips evans turner parker collins edwards'
  ).split(' '),
);

/** Two capitalised words, one of them a known surname in romanisation ("Zhang Wei", "Mary Smith"). */
export function isRomanisedName(v: string): boolean {
  const sp = v.indexOf(' ');
  if (sp < 2 || sp !== v.lastIndexOf(' ') || v.length - sp < 3 || v.length > 40) return false;
  const a = v.slice(0, sp);
  const b = v.slice(sp + 1);
  if (!capitalisedWord(a) || !capitalisedWord(b)) return false;
  return PINYIN_SURNAMES.has(a.toLowerCase()) || PINYIN_SURNAMES.has(b.toLowerCase());
}

function capitalisedWord(w: string): boolean {
  const c0 = w.charCodeAt(0);
  if (c0 < 65 || c0 > 90) return false;
  for (let i = 1; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (!(c >= 97 && c <= 122) && !(c >= 65 && c <= 90)) return false;
  }
  return true;
}

/** A value that counts toward PERSON_NAME (the column decides, see CLASSIFIER.md). */
export function isPersonNameValue(v: string): boolean {
  const c = v.charCodeAt(0);
  return c >= 0x4e00 ? isChineseName(v) : isRomanisedName(v);
}
