import type { Registry } from '../src/model/create.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import type { CoprodModel } from '../src/model/state.js';
import { defineRule } from '../src/rule.js';

/*
 * Classroom presets: one per pattern of MODEL.md section 5. Each is small (≤ 3,000 residents) so that it
 * shows its effect within a minute at normal speed, and names the one setting its side-by-side run B
 * changes (`contrast`). Values were chosen so the effect is visible across seeds (see sims/presets.md).
 */

const small = { 'population.residents': 2_000, 'population.households': 700, 'population.buildings': 40, 'population.grids': 8 };

const scandalParams = {
  tick: { default: 60, min: 1, max: 100_000, unit: 'tick', description: 'week the enterprise diverts', source: 'classroom choice', integer: true },
  enterprise: { default: 0, min: 0, max: 100, unit: 'enterprise index', description: 'which enterprise diverts', source: 'classroom choice', integer: true },
  share: { default: 0.3, min: 0, max: 1, unit: 'share', description: 'share of the money it handles that it diverts', source: 'as opportunism.share' },
} as const;

/**
 * A staged scandal: at a given week one enterprise diverts part of the money it handles, and this one
 * diversion is certain to be found (a journalist, an audit): the rule adds full detection for the week.
 * The model's own checks, sanctions and trust update then do the rest. Emits `staged_diversion`.
 *
 * @example
 * createCoprod('p5-asymmetry', { set: { 'staged-scandal.tick': 30 } });
 */
export const stagedScandal = defineRule<CoprodModel, typeof scandalParams>({
  name: 'staged-scandal',
  description: 'A staged scandal: one enterprise diverts at a given week and is certainly caught (classroom P5).',
  params: scandalParams,
  phases: {
    checks({ model, params: q, tick, emit }) {
      if (tick !== q.tick) return;
      const e = model.enterprises[q.enterprise];
      if (!e) return;
      const n = Math.max(1, model.residents.count);
      const publicMoney = model.officials.reduce((s, o) => s + o.allocated, 0) * n;
      e.diverted = q.share * (e.investment * n + (0.5 * publicMoney) / Math.max(1, model.enterprises.length)) * (1 - model.levers.monitoringCost);
      model.levers.detection += 1;
      emit('staged_diversion', { enterprise: q.enterprise, amount: Math.round(e.diverted) });
    },
  },
});

/** Classroom preset for P1 cooperation breakdown (MODEL.md §5); run B is `contrast`. */
export const p1Breakdown: ScenarioSpec = {
  name: 'p1-breakdown',
  title: 'P1 cooperation breakdown: no rule in force',
  title_zh: 'P1 合作破坏:没有任何规则',
  description:
    'With no rule in force, residents, officials and enterprises co-produce without a centre: transaction costs stay high, diversion goes unchecked and people give less when they see others give less. Watch participation and trust slide over two years, while run B, with party coordination and empowerment, holds them up.',
  description_zh:
    '没有任何规则时,居民、政府与企业在没有中心的情况下合作生产:交易成本居高不下,挪用无人约束,看到别人少出力,自己也少出力。观察两年里参与率与信任如何下滑,而B组在党建引领与赋能下保持稳定。',
  ticks: 104,
  pattern: 'P1',
  source: 'MODEL.md §5 P1; seed 003 (合作破坏)',
  params: { ...small },
  rules: [],
  contrast: { label: 'with party coordination and empowerment', label_zh: '有党建引领与赋能', rules: ['party-coordination', 'empowerment'] },
};

/** Classroom preset for P2 checks and balances (MODEL.md §5); run B is `contrast`. */
export const p2Checks: ScenarioSpec = {
  name: 'p2-checks',
  title: 'P2 checks and balances',
  title_zh: 'P2 多元制衡',
  description:
    'In a community under party coordination, enterprises and offices are tempted to divert funds. Checks and balances (inspections, sanctions, consultation) catch and deter diversion, so less money is lost and trust in officials and enterprises stays higher than in run B without them; push monitoring to 1 and its cost starts eating delivered value.',
  description_zh:
    '在党建引领的社区里,企业与政府部门仍容易挪用资金。多元制衡(督查、惩戒、协商)发现并震慑挪用,因此损失更少,对政府与企业的信任高于没有制衡的B组;把监督强度调到1,监督成本就开始侵蚀服务价值。',
  ticks: 104,
  pattern: 'P2',
  source: 'MODEL.md §5 P2; seed 002 (多元制衡)',
  params: { ...small, 'enterprises.opportunism': 0.5, 'officials.rent_seeking': 0.3 },
  rules: [{ name: 'party-coordination' }, { name: 'checks-and-balances' }],
  contrast: { label: 'without checks and balances', label_zh: '没有多元制衡', without: ['checks-and-balances'] },
};

/** Classroom preset for P3 party coordination (MODEL.md §5); run B is `contrast`. */
export const p3Coordination: ScenarioSpec = {
  name: 'p3-coordination',
  title: 'P3 party coordination',
  title_zh: 'P3 党建引领',
  description:
    'Party members reach their neighbours and the party pools the parties’ inputs. Participation jumps within weeks and transaction costs fall compared with run B without coordination — but look at how much of the participation is only formal.',
  description_zh:
    '党员动员身边邻居,党组织整合各方资源。与没有党建引领的B组相比,几周内参与率明显上升、交易成本下降——但请留意其中有多少只是形式参与。',
  ticks: 52,
  pattern: 'P3',
  source: 'MODEL.md §5 P3; seeds 001, 003, 004',
  params: { ...small },
  rules: [{ name: 'party-coordination' }],
  contrast: { label: 'without party coordination', label_zh: '没有党建引领', without: ['party-coordination'] },
};

/** Classroom preset for P4 sustainability after withdrawal (MODEL.md §5); run B is `contrast`. */
export const p4Sustainability: ScenarioSpec = {
  name: 'p4-sustainability',
  title: 'P4 sustainability: coordination withdrawn after a year',
  title_zh: 'P4 可持续性:一年后撤出党建动员',
  description:
    'Party coordination runs for the first year only, and here residents are also empowered (power, resources, technology): their participation becomes substantive, teams form and participation stays high after the withdrawal. In run B, without empowerment, participation was mostly formal and falls back once coordination stops.',
  description_zh:
    '党建引领只持续第一年;本例中居民同时获得赋能(权力、资源、技术):参与变为实质参与,自组织团队形成,撤出后参与率依然较高。B组没有赋能,参与多为形式参与,动员一停就回落。',
  ticks: 104,
  pattern: 'P4',
  source: 'MODEL.md §5 P4; seeds 000, 002',
  params: { ...small },
  rules: [{ name: 'party-coordination', from: 1, to: 52 }, { name: 'empowerment' }],
  contrast: { label: 'without empowerment', label_zh: '没有赋能', without: ['empowerment'] },
};

/** Classroom preset for P5 trust asymmetry (one staged scandal) (MODEL.md §5); run B is `contrast`. */
export const p5Asymmetry: ScenarioSpec = {
  name: 'p5-asymmetry',
  title: 'P5 asymmetry: one scandal',
  title_zh: 'P5 不对称:一次丑闻',
  description:
    'Trust in enterprises is built slowly, week by week, under coordination, empowerment and checks; at week 60 one enterprise diverts funds and is caught. The drop in that one week is larger than the gain of the twenty weeks before it, and run B, without the scandal, shows how long the way back is.',
  description_zh:
    '在党建引领、赋能与制衡下,对企业的信任一周一周慢慢积累;第60周一家企业挪用资金并被查处。这一周的下跌超过此前二十周的积累,对照没有丑闻的B组,可以看到恢复要多久。',
  ticks: 156,
  pattern: 'P5',
  source: 'MODEL.md §5 P5 (trust lost faster than gained)',
  params: { ...small, 'enterprises.opportunism': 0.02, 'officials.rent_seeking': 0.02, 'checks-and-balances.sanctions': 0.2 },
  rules: [{ name: 'party-coordination' }, { name: 'empowerment' }, { name: 'checks-and-balances' }, { name: 'staged-scandal' }],
  contrast: { label: 'without the scandal', label_zh: '没有丑闻', without: ['staged-scandal'] },
};

/** Classroom preset for P6 renter turnover (MODEL.md §5); run B is `contrast`. */
export const p6Turnover: ScenarioSpec = {
  name: 'p6-turnover',
  title: 'P6 renter turnover',
  title_zh: 'P6 租户流动',
  description:
    'Half the households rent, and here renters move out at about 80 % a year; newcomers arrive with little belonging and few ties. Belonging and social trust build up much more slowly than in run B, where renters stay.',
  description_zh:
    '一半住户是租户,本例中租户每年约八成搬走;新来者归属感低、社会联系少。与租户稳定的B组相比,归属感与社会信任积累得慢得多。',
  ticks: 104,
  pattern: 'P6',
  source: 'MODEL.md §5 P6; seed 002 (suburban mobility)',
  params: { ...small, 'population.renters': 0.5, 'turnover.renter': 0.03 },
  rules: [{ name: 'party-coordination' }, { name: 'empowerment' }],
  contrast: { label: 'renters stay (low turnover)', label_zh: '租户稳定(低流动)', set: { 'turnover.renter': 0.001 } },
};

/** Classroom preset for P7 open design (MODEL.md §5); run B is `contrast`. */
export const p7OpenDesign: ScenarioSpec = {
  name: 'p7-open-design',
  title: 'P7 open design',
  title_zh: 'P7 开放式设计',
  description:
    'Services are designed openly, following the needs residents express through good channels. The supply–demand match is far higher than in run B, where offices design top-down to their own targets — and satisfaction and trust follow the match.',
  description_zh:
    '服务按居民通过畅通渠道表达的需求开放式设计。供需匹配度远高于B组——B组由部门按自身目标自上而下设计——满意度与信任也随匹配度而变。',
  ticks: 52,
  pattern: 'P7',
  source: 'MODEL.md §5 P7; seed 003 (越位、错位、缺位)',
  params: { ...small, 'design.openness': 0.9, 'design.channel': 0.7 },
  rules: [],
  contrast: { label: 'top-down design', label_zh: '自上而下设计', set: { 'design.openness': 0 } },
};

/** Classroom preset for P8 Matthew effect (MODEL.md §5); run B is `contrast`. */
export const p8Matthew: ScenarioSpec = {
  name: 'p8-matthew',
  title: 'P8 Matthew effect',
  title_zh: 'P8 马太效应',
  description:
    'Benefits are shared by contribution: those who already take part receive most, which keeps them active while the rest drift away. The Gini of benefits is about four times that of run B, where benefits follow need, and the most active fifth receives about a third of all benefits.',
  description_zh:
    '收益按贡献分配:已经参与的人得到最多,他们因此更积极,其他人则渐行渐远。收益的基尼系数约为按需分配的B组的四倍,最活跃的五分之一居民拿走约三分之一的收益。',
  ticks: 104,
  pattern: 'P8',
  source: 'MODEL.md §5 P8; seed 003 (马太效应)',
  params: { ...small, 'distribution.rule': 2 },
  rules: [],
  contrast: { label: 'need-based distribution', label_zh: '按需分配', set: { 'distribution.rule': 0 } },
};

/**
 * The presets in catalogue order.
 *
 * @example
 * PRESETS.map((p) => `${p.pattern}: ${p.name} vs ${p.contrast?.label}`);
 */
export const PRESETS: readonly ScenarioSpec[] = [p1Breakdown, p2Checks, p3Coordination, p4Sustainability, p5Asymmetry, p6Turnover, p7OpenDesign, p8Matthew];

/** Rules the P5 preset brings (merged in by name through `SCENARIO_REGISTRIES`). */
export const P5_REGISTRY: Registry = { rules: [stagedScandal] };
