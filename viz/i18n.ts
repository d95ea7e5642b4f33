/** Every label and explanation of the visualizer in English and Chinese. */
import type { Lang } from './state.js';

const EN = {
  app_title: 'Community co-production simulator',
  app_sub: 'coprod · residents, party organisations, enterprises and officials under rules',
  lang_switch: '中文',
  lang_switch_title: 'Switch language',
  play: 'Play',
  pause: 'Pause',
  step: 'Step',
  reset: 'Reset',
  speed: 'Speed',
  speed_unit: 'weeks/s',
  speed_max: 'max',
  week_of: 'Week {t} of {n}',
  loading: 'Preparing… week {t} of {n}',
  scenario: 'Scenario',
  cases: 'Cases',
  presets: 'Classroom presets',
  pattern: 'Pattern',
  source: 'Source',
  population: '{n} residents · {b} buildings · {g} grids',
  seed: 'Seed',
  seed_apply: 'Apply',
  seed_help: 'Same scenario, settings and seed give the same run on every computer.',
  rules: 'Rules',
  rules_help: 'Tick a rule to switch it on, untick to switch it off. During a run this is marked on the curves (withdrawal).',
  in_force: 'in force',
  not_in_force: 'not in force',
  weeks_range: 'weeks {a}–{b}',
  weeks_from: 'from week {a}',
  more_levers: 'More levers',
  range: 'range {min}–{max}',
  compare: 'Side by side',
  compare_help: 'Run B uses the same scenario and seed and differs in one setting; dashed lines.',
  compare_none: 'No comparison',
  compare_contrast: 'Scenario contrast: {label}',
  compare_flip_on: 'B: {rule} switched on',
  compare_flip_off: 'B: {rule} switched off',
  run_a: 'A (solid): as set',
  run_b: 'B (dashed): {label}',
  color_by: 'Colour residents by',
  trust_chart: 'Trust',
  trust_axis: 'mean trust (0–1)',
  part_chart: 'Participation',
  part_axis: 'share of residents',
  week: 'week',
  community: 'Community',
  community_b: 'Run B',
  community_help: 'Each square dot is a resident; small cells are buildings, large blocks are grids. A thick black outline marks a building with a self-organised team.',
  teams: '{k} teams',
  low: 'low',
  high: 'high',
  share: 'Share and save',
  copy_link: 'Copy link',
  link_copied: 'Link copied',
  link_select: 'Copy this link:',
  png: 'Curves (PNG)',
  svg: 'Curves (SVG)',
  csv: 'Rows (CSV)',
  events: 'Events',
  ev_scandal: 'scandal detected',
  ev_whistle: 'whistle blown',
  ev_team_formed: 'team formed',
  ev_team_dissolved: 'team dissolved',
  ev_rule_on: 'rule switched on',
  ev_rule_off: 'rule switched off',
  how_to_read: 'How to read',
  how_to_read_text:
    'Trust is the mean trust of residents in each kind of actor (0 = none, 1 = full). Participation is the share of residents taking part each week: substantive = with a real say in what is done; formal = mobilised or token. Symbols above the curves mark events; vertical lines mark a rule switched on (solid) or off (dashed). Hover over the curves to read the numbers.',
  error: 'Could not run: {msg}',
  url_problem: 'Part of the link was not understood: {msg}',
  s_trust_officials: 'officials',
  s_trust_party: 'party organisation',
  s_trust_enterprises: 'enterprises',
  s_trust_social: 'neighbours (social)',
  s_participation_substantive: 'substantive',
  s_participation_formal: 'formal',
  s_participation: 'all taking part',
  c_participation: 'participation',
  c_trust_officials: 'trust in officials',
  c_trust_party: 'trust in the party',
  c_trust_enterprises: 'trust in enterprises',
  c_trust_social: 'social trust',
  c_belonging: 'belonging',
  part_none: 'not taking part',
  part_formal: 'formal',
  part_substantive: 'substantive',
  empty_slot: 'empty home',
} as const;

export type Key = keyof typeof EN;

const ZH: Record<Key, string> = {
  app_title: '社区共建共治共享模拟',
  app_sub: 'coprod · 居民、党组织、企业与政府在不同规则下的合作生产',
  lang_switch: 'English',
  lang_switch_title: '切换语言',
  play: '播放',
  pause: '暂停',
  step: '单步',
  reset: '重置',
  speed: '速度',
  speed_unit: '周/秒',
  speed_max: '最快',
  week_of: '第 {t} 周 / 共 {n} 周',
  loading: '正在准备…第 {t} 周 / 共 {n} 周',
  scenario: '情景',
  cases: '案例',
  presets: '课堂预设',
  pattern: '模式',
  source: '来源',
  population: '{n} 名居民 · {b} 栋楼 · {g} 个网格',
  seed: '随机种子',
  seed_apply: '应用',
  seed_help: '相同的情景、设置和随机种子在任何电脑上都得到相同的结果。',
  rules: '规则',
  rules_help: '勾选开启规则，取消勾选关闭规则。运行中切换会在曲线上标出（如撤出）。',
  in_force: '生效中',
  not_in_force: '未生效',
  weeks_range: '第 {a}–{b} 周',
  weeks_from: '自第 {a} 周起',
  more_levers: '更多参数',
  range: '范围 {min}–{max}',
  compare: '并排对比',
  compare_help: 'B 组使用相同的情景和随机种子，只改变一项设置；以虚线表示。',
  compare_none: '不对比',
  compare_contrast: '情景对照：{label}',
  compare_flip_on: 'B 组：开启{rule}',
  compare_flip_off: 'B 组：关闭{rule}',
  run_a: 'A（实线）：当前设置',
  run_b: 'B（虚线）：{label}',
  color_by: '居民着色依据',
  trust_chart: '信任',
  trust_axis: '平均信任（0–1）',
  part_chart: '参与',
  part_axis: '居民比例',
  week: '周',
  community: '社区',
  community_b: 'B 组',
  community_help: '每个小方点代表一位居民；小格为楼栋，大块为网格。粗黑框表示该楼栋已形成自组织团队。',
  teams: '{k} 个团队',
  low: '低',
  high: '高',
  share: '分享与保存',
  copy_link: '复制链接',
  link_copied: '链接已复制',
  link_select: '复制此链接：',
  png: '曲线（PNG）',
  svg: '曲线（SVG）',
  csv: '数据（CSV）',
  events: '事件',
  ev_scandal: '丑闻曝光',
  ev_whistle: '吹哨报到',
  ev_team_formed: '自组织团队成立',
  ev_team_dissolved: '团队解散',
  ev_rule_on: '规则开启',
  ev_rule_off: '规则关闭',
  how_to_read: '如何解读',
  how_to_read_text:
    '信任指居民对各类主体的平均信任（0 = 完全不信任，1 = 完全信任）。参与指每周参与的居民比例：实质参与 = 对做什么有真正的话语权；形式参与 = 被动员或走过场。曲线上方的符号标出事件；竖线表示规则开启（实线）或关闭（虚线）。将鼠标移到曲线上可读取数值。',
  error: '无法运行：{msg}',
  url_problem: '链接中有部分内容无法识别：{msg}',
  s_trust_officials: '政府官员',
  s_trust_party: '党组织',
  s_trust_enterprises: '企业',
  s_trust_social: '邻里（社会信任）',
  s_participation_substantive: '实质参与',
  s_participation_formal: '形式参与',
  s_participation: '总参与',
  c_participation: '参与',
  c_trust_officials: '对政府的信任',
  c_trust_party: '对党组织的信任',
  c_trust_enterprises: '对企业的信任',
  c_trust_social: '社会信任',
  c_belonging: '归属感',
  part_none: '未参与',
  part_formal: '形式参与',
  part_substantive: '实质参与',
  empty_slot: '空置住户',
};

let current: Lang = 'en';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** A label in the current language, with {name} placeholders filled. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = current === 'zh' ? ZH[key] : EN[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** Built-in rules: name, short description (unknown rules fall back to their own name and description). */
const RULES: Record<string, { en: string; zh: string; zhDesc: string }> = {
  empowerment: { en: 'Empowerment', zh: '赋能', zhDesc: '赋权、资源与技术：居民和社区组织获得决策、监督与评价权，获得资助，并借助信息平台参与。' },
  'checks-and-balances': { en: 'Checks and balances', zh: '多元制衡', zhDesc: '监督、惩戒与民主协商：提高发现挪用的概率、遏制机会主义；监督本身也耗费资金和时间。' },
  'party-coordination': { en: 'Party coordination', zh: '党建引领', zhDesc: '组织动员、政治引领、资源整合（含吹哨报到）与网络整合；只靠动员的参与多为形式参与。' },
};

const PARAMS: Record<string, { zh: string; zhDesc: string }> = {
  'empowerment.power': { zh: '赋权', zhDesc: '居民获得决策、监督和评价的权利' },
  'empowerment.resources': { zh: '资源', zhDesc: '向团队和社区组织下放的资助与场地' },
  'empowerment.technology': { zh: '技术', zhDesc: '用于参与和公开透明的信息平台' },
  'empowerment.open_design': { zh: '开放设计', zhDesc: '满强度赋权时增加的设计开放程度' },
  'empowerment.voice': { zh: '话语权', zhDesc: '满强度赋权时增加的真正发言机会' },
  'empowerment.grant_share': { zh: '资助比例', zhDesc: '满强度资源下用于资助的预算比例' },
  'empowerment.platform_saving': { zh: '平台节省', zhDesc: '满强度技术下参与成本的降低' },
  'empowerment.platform_cost': { zh: '平台成本', zhDesc: '平台的运行成本' },
  'checks-and-balances.monitoring': { zh: '监督', zhDesc: '检查、台账、第三方评估、满意度抽样、公示' },
  'checks-and-balances.sanctions': { zh: '惩戒', zhDesc: '对被发现的挪用的惩戒力度' },
  'checks-and-balances.consultation': { zh: '民主协商', zhDesc: '民主协商的强度' },
  'checks-and-balances.detection': { zh: '发现概率', zhDesc: '满强度监督时增加的发现概率' },
  'checks-and-balances.severity': { zh: '惩戒力度', zhDesc: '满强度惩戒时增加的惩戒力度' },
  'checks-and-balances.monitoring_cost': { zh: '监督成本', zhDesc: '监督耗费的资金（随强度平方增长）' },
  'checks-and-balances.paperwork': { zh: '文书负担', zhDesc: '监督带来的额外参与成本（随强度平方增长）' },
  'checks-and-balances.consultation_conflict': { zh: '协商减少冲突', zhDesc: '满强度协商时目标冲突的减少' },
  'party-coordination.mobilisation': { zh: '组织动员', zhDesc: '党员对居民的组织动员' },
  'party-coordination.guidance': { zh: '政治引领', zhDesc: '统一目标、减少机会主义' },
  'party-coordination.integration': { zh: '资源整合', zhDesc: '资源整合，含吹哨报到' },
  'party-coordination.networking': { zh: '网络整合', zhDesc: '跨楼栋的桥接联系' },
  'party-coordination.mobilisation_utility': { zh: '动员效用', zhDesc: '一次联系对参与意愿的提升' },
  'party-coordination.contact_hours': { zh: '联系工时', zhDesc: '党员每联系一位邻居所花的时间' },
  'party-coordination.guidance_conflict': { zh: '引领减少冲突', zhDesc: '满强度引领时目标冲突的减少' },
  'party-coordination.guidance_opportunism': { zh: '引领减少机会主义', zhDesc: '满强度引领时挪用倾向的减少' },
  'party-coordination.integration_coordination': { zh: '整合协调', zhDesc: '满强度整合时增加的协调（降低交易成本）' },
  'party-coordination.whistle_threshold': { zh: '吹哨阈值', zhDesc: '网格平均未满足需求超过此值即吹哨' },
  'party-coordination.whistle_response': { zh: '吹哨响应', zhDesc: '所有网格都吹哨时增加的回应性' },
  'party-coordination.bridges': { zh: '搭桥次数', zhDesc: '满强度网络整合时每位居民每周尝试建立桥接联系的次数' },
  'party-coordination.max_degree': { zh: '最大联系数', zhDesc: '党员联系达到此数后不再搭桥' },
};

const UNITS: Record<string, string> = {
  'intensity 0..1': '强度 0..1',
  'probability per unit monitoring': '每单位监督的概率',
  'severity per unit sanctions': '每单位惩戒的力度',
  'share of money at full monitoring': '满强度监督时的资金比例',
  'cost multiplier at full monitoring': '满强度监督时的成本倍数',
  'share per unit consultation': '每单位协商的比例',
  'share per unit power': '每单位赋权的比例',
  'probability per unit power': '每单位赋权的概率',
  'share of budget per unit resources': '每单位资源的预算比例',
  'share of cost per unit technology': '每单位技术的成本比例',
  'share of money per unit technology': '每单位技术的资金比例',
  'log-odds at full mobilisation': '满强度动员时的对数几率',
  'member-hours per contact': '党员工时/次联系',
  'share per unit guidance': '每单位引领的比例',
  'coordination at full integration': '满强度整合时的协调度',
  'need (sum over domains)': '需求（各领域之和）',
  responsiveness: '回应性',
  'tries/resident/week': '次/居民/周',
  ties: '条联系',
  share: '比例',
  residents: '名居民',
  households: '户',
  buildings: '栋',
  grids: '个网格',
  'hours/week': '小时/周',
  'trust 0..1': '信任 0..1',
  'level 0..1': '水平 0..1',
};

function humanise(name: string): string {
  const s = name.replace(/[-_]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function ruleLabel(name: string): string {
  const r = RULES[name];
  if (!r) return humanise(name);
  return current === 'zh' ? r.zh : r.en;
}

export function ruleDescription(name: string, description: string): string {
  const r = RULES[name];
  if (current === 'zh' && r) return r.zhDesc;
  return description;
}

export function paramLabel(rule: string, param: string): string {
  const p = PARAMS[`${rule}.${param}`];
  if (current === 'zh' && p) return p.zh;
  return humanise(param);
}

export function paramDescription(rule: string, param: string, description: string): string {
  const p = PARAMS[`${rule}.${param}`];
  if (current === 'zh' && p) return p.zhDesc;
  return description;
}

export function unitLabel(unit: string): string {
  if (current === 'zh') return UNITS[unit] ?? unit;
  return unit;
}

/** A number for display: up to 3 significant decimals, grouped thousands. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return x.toLocaleString(current === 'zh' ? 'zh-CN' : 'en-US');
  return x.toFixed(digits);
}
