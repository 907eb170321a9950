/** Column-level PERSON_NAME detection: surname lists and exclusions for place/product words. */

// Common single-character surnames (百家姓 / the 2020 census top ~300).
const SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由' +
  // v2: further common surnames of the national surname lists
  '赖洪贝昌凤鄂郦宓桓蒯竺钮羿汲邴糜弓牧隗郗仰暴钭韶蓟怀咸籍苍莘贡逄扶堵宰璩濮寿郏习宦鱼慎庾暨步弘禄殳沃越夔厍融訾毋乜须巢益';
const COMPOUND = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '独孤',
  '呼延',
  '赫连',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '太叔',
  '申屠',
  '钟离',
  '闻人',
  '万俟',
  '司空',
  '第五',
  '拓跋',
  '百里',
  '东郭',
  '单于',
  '左丘',
  '谷梁',
  '乐正',
];
const SINGLE_SET = new Set(SINGLE.split(''));
const COMPOUND_SET = new Set(COMPOUND);

// Last characters that make a word a place, organisation or product, not a name.
const NOT_NAME_LAST = new Set(
  '区市省县路街镇乡村州店厂司酒茶馆院局站楼巷湾港园场部处队社所'.split(''),
);
// Whole words that start with a surname character but are places or products.
const NOT_NAME_WORDS = new Set([
  '白酒',
  '黄酒',
  '红酒',
  '米酒',
  '白茶',
  '红茶',
  '绿茶',
  '黄茶',
  '花茶',
  '白糖',
  '红糖',
  '白菜',
  '黄瓜',
  '白米',
  '江岸',
  '江汉',
  '汉阳',
  '武昌',
  '青山',
  '洪山',
  '江夏',
  '黄陂',
  '新洲',
  '蔡甸',
  '汉南',
  '东西湖',
  '武汉',
  '黄山',
  '泰山',
  '华山',
  '衡山',
  '嵩山',
  '庐山',
  '长江',
  '黄河',
  '江南',
  '江北',
  '湖北',
  '湖南',
  '河南',
  '河北',
  '山东',
  '山西',
  '广东',
  '广西',
  '云南',
  '贵州',
  '四川',
  '西藏',
  '新疆',
  '宁夏',
  '青海',
  '甘肃',
  '陕西',
  '江苏',
  '江西',
  '安徽',
  '浙江',
  '福建',
  '海南',
  '台湾',
  '香港',
  '澳门',
  '北京',
  '天津',
  '上海',
  '重庆',
  '吉林',
  '辽宁',
  '黑龙江',
  '内蒙古',
  '南京',
  '杭州',
  '郑州',
  '长沙',
  '成都',
  '广州',
  '深圳',
  '金融',
  '金属',
  '高端',
  '高铁',
  '高速',
  '高温',
  '高压',
  '石油',
  '石材',
  '文化',
  '文具',
  '电子',
  '包装',
  '国际',
  '国内',
  '国外',
  '全国',
  '全部',
  '明天',
  '明日',
  '平安',
  '安全',
  '和平',
  '时间',
  '常规',
  '方便',
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
    (n >= 3 && (first & N_COMPOUND_FIRST) !== 0 && COMPOUND_SET.has(v.slice(0, 2))) ||
    (n <= 3 && (first & N_SURNAME) !== 0);
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

/**
 * v2: 1–3 capitalised Latin words (letters, `'`, `-`): counts toward PERSON_NAME only in a
 * column whose header names a person ("Mary Ann Smith", "O'Brien", "Jean-Luc Picard").
 */
export function isLatinNameWords(v: string): boolean {
  if (v.length < 2 || v.length > 40) return false;
  const words = v.split(' ');
  if (words.length > 3) return false;
  for (const w of words) if (!latinNameWord(w)) return false;
  return true;
}

function latinNameWord(w: string): boolean {
  const n = w.length;
  if (n < 2 && !(n === 1 && w.charCodeAt(0) >= 65 && w.charCodeAt(0) <= 90)) return false;
  const c0 = w.charCodeAt(0);
  if (c0 < 65 || c0 > 90) return false;
  let lower = false;
  for (let i = 1; i < n; i++) {
    const c = w.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (!(c >= 65 && c <= 90) && c !== 39 && c !== 45 && c !== 46) return false;
  }
  return lower || n <= 2; // "SMITH" is shouting, not a name word; "J." and "Li" are
}

// Common given names (US SSA and UK ONS top lists, and common English names of Chinese speakers).
const GIVEN_NAMES = new Set(
  (
    'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark ' +
    'donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary ' +
    'nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond ' +
    'jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian ' +
    'keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel ' +
    'logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis harry ' +
    'oliver oscar leo liam lucas charlie freddie alfie archie theo max toby luke simon martin tony victor vincent ' +
    'mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley ' +
    'kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen ' +
    'amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet ' +
    'catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith ' +
    'megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail ' +
    'alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany ' +
    'charlotte marie kayla alexis lori ava mia amelia isla ella lily sophie chloe ruby poppy jessie lucy daisy ' +
    'wendy cindy vivian jenny sally tina coco grace yvonne irene eva fiona gina iris joy kitty lily nina rose stella ' +
    'tracy winnie zoe annie bella candy cherry elaine fanny hazel ivy june kiki lulu mandy molly peggy queenie ' +
    'ben bill bob dan jim joe ken ron sam tom tim ted ian neil jay ray roy eric frank jimmy johnny kenny ricky sunny ' +
    'wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiu xia ping gang hui hong lin ling juan ' +
    'hao yu xin yi jian hua bo feng lan mei ting ying zhen zhi kai rui qing xue yun'
  ).split(' '),
);

/**
 * v2: a given name from the bundled list followed by a surname-shaped word ("Emily Carter",
 * "Wei Zhang"): counts toward PERSON_NAME without a header hint.
 */
export function isGivenNameValue(v: string): boolean {
  const sp = v.indexOf(' ');
  if (sp < 2 || v.length > 40) return false;
  const first = v.slice(0, sp);
  const rest = v.slice(sp + 1).split(' ');
  if (rest.length > 2 || !latinNameWord(first) || !GIVEN_NAMES.has(first.toLowerCase()))
    return false;
  const last = rest[rest.length - 1];
  if (last.length < 2 || !latinNameWord(last)) return false;
  return rest.length === 1 || latinNameWord(rest[0]);
}
