import type { ParamSchema, ParamSpec } from '../params.js';

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false): ParamSpec => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });

/** The service domains (MODEL.md section 2), in column order. */
export const DOMAINS = ['employment', 'eldercare', 'renewal', 'safety', 'culture'] as const;
export type Domain = (typeof DOMAINS)[number];

/**
 * Every parameter of the co-production model, by dotted path. One tick is one week. Rules add their own
 * parameters under `<rule>.<lever>`. Sources: seed papers (000–004), MODEL.md section 8 figures, or
 * "guess" with the rationale in the description; docs/ODD.md repeats this table.
 */
export const MODEL_PARAMS = {
  // Population and space (seed case sizes; scenarios override).
  'population.residents': p(2000, 1, 5_000_000, 'residents', 'number of residents at start', 'scenario; baseline a guess', true),
  'population.households': p(700, 1, 2_000_000, 'households', 'households the residents live in (about 2.9 per household); capped at the number of residents', 'seed 001: 40,000 residents in 12,500 households', true),
  'population.buildings': p(40, 1, 100_000, 'buildings', 'buildings (单元/楼栋) the households live in', 'seed 003: 43 buildings', true),
  'population.grids': p(8, 1, 10_000, 'grids', 'grids (网格), each a group of buildings', 'seed 000: 15 grids; baseline a guess', true),
  'population.young': p(0.45, 0, 1, 'share', 'share of residents in the young labour group', 'guess (seed 000 names the groups, not shares)'),
  'population.elderly': p(0.25, 0, 1, 'share', 'share of residents aged 60+ (the rest are older 45+)', 'seed 003: 39.6 % aged 60+ in Jinsong; baseline lower'),
  'population.renters': p(0.3, 0, 1, 'share', 'share of households renting', 'seed 003: 37 % young renters'),
  'population.party_members': p(0.05, 0, 1, 'share', 'share of residents who are party members living here', 'seed 001: 775 registered members in ~40,000 residents (1.9 %) plus retirees; guess 5 %'),
  'population.ties_building': p(3, 0, 50, 'ties/resident', 'random ties each resident makes inside the building', 'guess: SUNS 2017, >57 % interact with neighbours weekly'),
  'population.ties_long': p(0.3, 0, 5, 'ties/resident', 'expected long (cross-building) ties per resident', 'guess (small-world shortcut)'),
  'population.free_riders': p(0.23, 0, 1, 'share', 'share of free riders among residents', 'Fischbacher & Gächter 2010: 23 %'),
  'population.hump': p(0.12, 0, 1, 'share', 'share of hump-shaped contributors', 'Fischbacher & Gächter 2010: 12 %'),
  'population.unconditional': p(0.1, 0, 1, 'share', 'share of "other" (unconditional) contributors; the rest are conditional cooperators (55 %)', 'Fischbacher & Gächter 2010: 10 % other'),
  'population.time_young': p(2, 0, 40, 'hours/week', 'time the young can give to community work', 'guess (young work long hours; seed 000)'),
  'population.time_older': p(4, 0, 40, 'hours/week', 'time the older (45+) can give', 'guess'),
  'population.time_elderly': p(6, 0, 40, 'hours/week', 'time the elderly can give (scattered, caring for grandchildren)', 'guess (seed 000)'),
  // Initial state.
  'init.trust_officials': p(0.45, 0, 1, 'trust 0..1', 'initial trust in officials (street / township)', 'Ash Center survey: 43.6 % satisfied with township government (2003)'),
  'init.trust_party': p(0.55, 0, 1, 'trust 0..1', 'initial trust in the party organisation', 'guess: between township and county tiers of the Ash Center survey'),
  'init.trust_enterprises': p(0.4, 0, 1, 'trust 0..1', 'initial trust in enterprises (property company, employers)', 'guess'),
  'init.trust_social': p(0.4, 0, 1, 'trust 0..1', 'initial trust in neighbours and the community', 'guess: SUNS 2017, 27.5 % almost never interact with neighbours'),
  'init.belonging': p(0.4, 0, 1, 'level 0..1', 'initial belonging (归属感) of owners; renters start at half', 'guess'),
  'init.spirit': p(0.4, 0, 1, 'level 0..1', 'mean public spirit (intrinsic motive)', 'guess'),
  'init.belief': p(0.4, 0, 1, 'share of time', 'initial belief about what others contribute', 'Fischbacher & Gächter 2010: first-round mean 7.9 of 20 tokens = 0.40'),
  // Needs (phase 1).
  'needs.arrival': p(0.015, 0, 1, 'need/week', 'mean new need per domain per week', 'guess'),
  'needs.shock': p(0.1, 0, 1, 'need', 'size of the weekly need shock in one random domain', 'guess'),
  'needs.elderly_care': p(2, 0, 10, 'multiplier', 'how much faster eldercare needs grow for the elderly', 'guess (seed 003: ageing)'),
  'needs.serve': p(2, 0, 5, 'need per unit benefit', 'how much need one unit of benefit removes', 'guess'),
  // Turnover (phase 1).
  'turnover.renter': p(0.006, 0, 0.2, 'probability/week', 'weekly chance a renter household member moves out (≈ 27 %/year)', 'guess; seed 002: high mobility in suburbs'),
  'turnover.owner': p(0.0006, 0, 0.2, 'probability/week', 'weekly chance an owner moves out (≈ 3 %/year)', 'guess'),
  'turnover.newcomer_ties': p(2, 0, 20, 'ties', 'ties a newcomer makes in the building on arrival', 'guess'),
  'turnover.tenure_scale': p(104, 1, 2000, 'weeks', 'tenure at which belonging reaches its full anchor', 'guess (two years)'),
  // Design (phase 2).
  'design.cycle': p(4, 1, 52, 'weeks', 'length of a project cycle (design → implementation → continuation)', 'guess (monthly, seed 002 monthly inspections)', true),
  'design.openness': p(0.1, 0, 1, 'share', 'weight of expressed need in design when no rule opens it (top-down otherwise)', 'seed 003: offside supply; guess'),
  'design.channel': p(0.3, 0, 1, 'quality 0..1', 'how well needs reach decision makers through grid workers', 'guess'),
  'design.noise': p(0.8, 0, 3, 'relative sd', 'noise in perceived need when channels are poor', 'guess'),
  'design.target_employment': p(0.1, 0, 1, 'weight', "officials' own priority for employment", 'guess: top-down targets stress renewal and safety (seed 003)'),
  'design.target_eldercare': p(0.1, 0, 1, 'weight', "officials' own priority for eldercare", 'guess'),
  'design.target_renewal': p(0.4, 0, 1, 'weight', "officials' own priority for renewal / environment", 'guess'),
  'design.target_safety': p(0.3, 0, 1, 'weight', "officials' own priority for safety", 'guess'),
  'design.target_culture': p(0.1, 0, 1, 'weight', "officials' own priority for culture", 'guess'),
  // Commitment (phase 3).
  'commit.intercept': p(-3.2, -10, 10, 'log-odds', 'baseline log-odds of taking part', 'calibrated so about a third take part at start (SUNS 2017: 47.9 % voted, fewer co-produce)'),
  'commit.need': p(1.0, 0, 10, 'log-odds per unit', 'weight of own need served by the design', 'guess'),
  'commit.trust': p(1.5, 0, 10, 'log-odds per unit', 'weight of trust in the partners', 'guess'),
  'commit.norm': p(2.0, 0, 10, 'log-odds per unit', 'weight of the share of neighbours taking part', 'guess: conditional cooperation (Fischbacher & Gächter 2010)'),
  'commit.belonging': p(1.0, 0, 10, 'log-odds per unit', 'weight of belonging', 'guess'),
  'commit.efficacy': p(1.0, 0, 10, 'log-odds per unit', 'weight of efficacy', 'guess'),
  'commit.spirit': p(1.0, 0, 10, 'log-odds per unit', 'weight of public spirit', 'guess'),
  'commit.cost': p(0.25, 0, 5, 'log-odds per hour', 'cost of an hour of taking part', 'guess'),
  'commit.quality': p(1.0, 0, 10, 'log-odds per unit', 'weight of expected quality (last tick performance)', 'guess'),
  'commit.cc_slope': p(0.74, 0, 2, 'ratio', 'a conditional cooperator gives this share of what they believe others give', 'Fischbacher & Gächter 2010: 0.74'),
  'commit.belief_const': p(0.006, 0, 1, 'share', 'belief update constant (0.12 of 20 tokens)', 'Fischbacher & Gächter 2010'),
  'commit.belief_others': p(0.415, 0, 1, 'weight', "belief update weight on others' last contribution", 'Fischbacher & Gächter 2010'),
  'commit.belief_own': p(0.569, 0, 1, 'weight', 'belief update weight on last belief', 'Fischbacher & Gächter 2010'),
  'commit.formal_weight': p(0.3, 0, 1, 'ratio', 'productive weight of formal (mobilised, voiceless) participation', 'guess (Arnstein ladder, seed 003)'),
  'commit.voice': p(0.15, 0, 1, 'probability', 'chance a willing participant has a real say when no rule empowers', 'guess (seed 003: formal rather than substantive)'),
  // Co-production (phase 4).
  'produce.scale': p(1, 0, 100, 'service units/resident', 'output per resident at reference inputs', 'scale only'),
  'produce.alpha_residents': p(0.4, 0, 1, 'elasticity', 'output elasticity of residents’ hours', 'guess: complementarity, no kind delivers alone (seed 000)'),
  'produce.alpha_money': p(0.4, 0, 1, 'elasticity', 'output elasticity of money (budget, investment, grants)', 'guess'),
  'produce.ref_hours': p(0.5, 0.01, 40, 'hours/resident/week', 'reference residents’ hours per resident', 'guess'),
  'produce.ref_money': p(10, 0.01, 1000, 'yuan/resident/week', 'reference money per resident', 'guess'),
  'produce.tc_per_party': p(0.06, 0, 1, 'share of output', 'transaction cost per uncoordinated pair of parties', 'guess (polycentric overhead, seed 003)'),
  'produce.coordination': p(0.1, 0, 1, 'share', 'coordination present with no rule (residents’ committee)', 'guess'),
  // Organisations.
  'officials.count': p(1, 1, 100, 'offices', 'street or township offices and line departments', 'scenario', true),
  'officials.budget': p(6, 0, 1000, 'yuan/resident/week', 'public budget for community services', 'guess; seed 002: 1.175 M yuan over the programme'),
  'officials.bureaucratism': p(0.5, 0, 1, 'level 0..1', 'weight on own targets over expressed demand', 'guess (seed 003 offside/misplaced/absent)'),
  'officials.rent_seeking': p(0.1, 0, 1, 'probability/week', 'propensity of an office to divert funds when unchecked', 'guess'),
  'officials.responsiveness': p(0.5, 0, 1, 'level 0..1', 'share of escalated unmet need the offices act on', 'guess'),
  'enterprises.count': p(2, 0, 100, 'enterprises', 'enterprises (property company, employers, investors)', 'scenario', true),
  'enterprises.investment': p(4, 0, 1000, 'yuan/resident/week', 'enterprise money put into services (fees, social capital)', 'guess'),
  'enterprises.opportunism': p(0.25, 0, 1, 'probability/week', 'propensity to cut quality or divert funds when unchecked', 'guess (seed 002: "seek private gain")'),
  'enterprises.profit_target': p(0.1, 0, 1, 'share', 'margin an enterprise wants on what it puts in; below it, it puts in less', 'guess; seed 003 micro-profit'),
  'enterprises.fee_base': p(0.7, 0, 3, 'yuan per yuan', 'fees and subsidies an enterprise gets back per yuan put in, before trust', 'guess'),
  'enterprises.fee_trust': p(1.5, 0, 5, 'yuan per yuan', 'extra return per yuan at full trust in enterprises and full performance (residents pay for services they trust)', 'guess (seed 003: try before you buy)'),
  'enterprises.adjust': p(0.02, 0, 0.5, 'rate/week', 'how fast an enterprise moves its investment with its margin (bounded to 0.2–2× the base)', 'guess'),
  'officials.retention': p(0.5, 0, 1, 'share', 'share of the budget a fully bureaucratic office keeps for its own targets under closed design', 'guess (seed 003: offside supply; seed 002: all-round government)'),
  'party.capacity': p(2, 0, 40, 'hours/member/week', 'hours each party member can give to mobilisation', 'guess'),
  'party.double_registered': p(0.3, 0, 2, 'ratio', 'extra capacity from members registered where they live (双报到)', 'guess (seed 001)'),
  // Opportunism and checks (phases 5–6).
  'opportunism.share': p(0.3, 0, 1, 'share', 'share of the handled money a diverter takes', 'guess'),
  'checks.base_detection': p(0.08, 0, 1, 'probability', 'chance a diversion is detected with no checks rule', 'guess'),
  'checks.supervision': p(0.3, 0, 1, 'probability per share', 'detection added by the share of residents taking part substantively', 'guess (resident supervision, seed 002)'),
  'checks.sanction': p(0.3, 0, 1, 'level 0..1', 'severity of a sanction with no checks rule', 'guess'),
  'checks.recovery': p(0.5, 0, 1, 'share', 'share of diverted money recovered on detection', 'guess'),
  // Distribution (phase 7).
  'distribution.rule': p(0, 0, 2, 'code', '0 need-based, 1 equal, 2 contribution-based', 'seed 000: fair distribution; seed 003: Matthew effect', true),
  'distribution.satisfaction_scale': p(0.5, 0.01, 10, 'benefit units', 'benefit at which satisfaction is one half of what the need calls for', 'guess'),
  'cocreation.belonging': p(0.02, 0, 1, 'rate/week', 'gain in belonging from a week of substantive participation', 'guess (value co-creation, seed 000)'),
  'cocreation.identity': p(0.02, 0, 1, 'rate/week', 'gain in identity from substantive participation', 'guess'),
  'cocreation.efficacy': p(0.03, 0, 1, 'rate/week', 'gain in efficacy when one’s voice counted', 'guess'),
  'cocreation.decay': p(0.005, 0, 1, 'rate/week', 'drift of belonging, identity and efficacy back to their anchors', 'guess'),
  'cocreation.crowd_out': p(0.01, 0, 1, 'rate/week', 'loss of public spirit per week of merely mobilised participation', 'guess (seed 000 等靠要, seed 004 involution)'),
  // Trust (phase 8).
  'trust.gain': p(0.03, 0, 1, 'rate/week', 'speed at which trust rises toward a better signal', 'guess'),
  'trust.loss': p(0.12, 0, 1, 'rate/week', 'speed at which trust falls toward a worse signal (lost faster than gained)', 'guess (asymmetry, P5)'),
  'trust.scandal': p(0.5, 0, 1, 'share', 'share of the way to zero trust a detected scandal moves the kind’s trust', 'guess'),
  'trust.word_of_mouth': p(0.05, 0, 1, 'rate/week', 'pull of trust toward neighbours’ trust', 'guess'),
  'trust.social_gain': p(0.04, 0, 1, 'rate/week', 'growth of social trust from co-producing with neighbours', 'guess (seed 000: trust forms in repeated interaction)'),
  'trust.social_decay': p(0.01, 0, 1, 'rate/week', 'decay of social trust without shared work', 'guess'),
  // Influence (phase 9).
  'influence.exemplar': p(1, 0, 10, 'weight', 'extra weight of a party member among a resident’s neighbours', 'guess (先锋模范, seed 001)'),
  // Self-organisation (phase 10).
  'teams.threshold': p(0.25, 0, 1, 'share', 'share of a building taking part substantively needed for a team to form', 'guess'),
  'teams.trust': p(0.45, 0, 1, 'trust 0..1', 'mean social trust of a building needed for a team to form', 'guess'),
  'teams.dissolve': p(0.1, 0, 1, 'share', 'a team dissolves when its building’s substantive participation falls below this', 'guess'),
  'teams.mobilisation': p(1.2, 0, 10, 'log-odds', 'utility a team adds for its building’s residents', 'guess (work teams, seed 000)'),
  'teams.coordination': p(0.3, 0, 1, 'share', 'coordination a community of teams adds (scaled by the share of buildings with one)', 'guess'),
  'institution.gain': p(0.05, 0, 1, 'level/cycle', 'institutionalisation gained per successful cycle', 'guess'),
  'institution.loss': p(0.03, 0, 1, 'level/cycle', 'institutionalisation lost per failed cycle', 'guess'),
  'institution.success': p(0.5, 0, 1, 'performance', 'performance a cycle needs to count as a success', 'guess'),
} as const satisfies ParamSchema;

/** Model parameter paths. */
export type ModelParamPath = keyof typeof MODEL_PARAMS;
/** Resolved model parameters. */
export type ModelParams = { [K in ModelParamPath]: number };
