import { pick } from './rows';

export const REGIONS = [
  { region: '华东', province: '上海', city: '上海' }, { region: '华东', province: '江苏', city: '南京' },
  { region: '华东', province: '浙江', city: '杭州' }, { region: '华东', province: '江苏', city: '苏州' },
  { region: '华北', province: '北京', city: '北京' }, { region: '华南', province: '广东', city: '深圳' },
  { region: '华南', province: '广东', city: '广州' }, { region: '西南', province: '四川', city: '成都' },
  { region: '西南', province: '重庆', city: '重庆' }, { region: '西北', province: '陕西', city: '西安' },
  { region: '华中', province: '湖北', city: '武汉' }, { region: '东北', province: '辽宁', city: '沈阳' },
] as const;

export const INDUSTRIES = ['制造业', '金融', '零售', '信息技术', '建筑', '物流', '医药', '能源', '教育', '律师事务所', '广告', '保险'];
export const SOURCES = ['展会', '老客户介绍', '网站', '电话营销', '招投标', '合作伙伴'];
export const BANKS = ['中国工商银行', '中国建设银行', '中国银行', '招商银行', '交通银行', '浦发银行'];
export const PRODUCTS = [
  { product: '工业控制器', model: 'IC-200', unit: '台', price: 12800 }, { product: '传感器模组', model: 'SM-7', unit: '套', price: 860 },
  { product: '数据采集软件', model: 'DAQ 3.0', unit: '套', price: 45000 }, { product: '维保服务', model: '年度', unit: '年', price: 30000 },
  { product: '电缆', model: 'RVV 3x2.5', unit: '米', price: 9.5 }, { product: '培训服务', model: '现场', unit: '天', price: 6000 },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '志强', '晓东', '海燕', '雪', '晨', '子涵', '浩然'];
const BRAND = ['华', '信', '达', '通', '恒', '泰', '盛', '宏', '嘉', '瑞', '联', '创', '鑫', '安', '德', '捷', '远', '航', '博', '峰', '源', '诚', '新', '力'];
const TRADE = ['科技', '实业', '贸易', '电子', '机械', '软件', '物流', '建设', '医药', '能源', '传媒', '咨询'];
const FORM = ['有限公司', '股份有限公司', '集团有限公司'];

export function personName(rand: () => number): string {
  return pick(rand, [...SURNAMES]) + pick(rand, GIVEN);
}

export function companyName(rand: () => number, city: string): string {
  return `${city}${pick(rand, BRAND)}${pick(rand, BRAND)}${pick(rand, TRADE)}${pick(rand, FORM)}`;
}

export function digits(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

export function mobile(rand: () => number): string {
  return `1${pick(rand, ['3', '5', '8', '9'])}${digits(rand, 9)}`;
}
