import { defineRule } from '../rule.js';
import type { CoprodModel } from '../model/state.js';

const lever = (description: string, source: string) => ({ default: 0.6, min: 0, max: 1, unit: 'intensity 0..1', description, source });

const params = {
  power: lever('decision, supervision and evaluation rights for residents', 'seed 002 (赋权); guess for default'),
  resources: lever('grants and venues passed to teams and community organisations', 'seed 002 (venture philanthropy); guess for default'),
  technology: lever('information platforms for taking part and transparency', 'seed 002; guess for default'),
  open_design: { default: 0.8, min: 0, max: 1, unit: 'share per unit power', description: 'openness of design added at full power', source: 'guess (seed 000 open design, seed 003)' },
  voice: { default: 0.6, min: 0, max: 1, unit: 'probability per unit power', description: 'chance of a real say added at full power', source: 'guess (Arnstein ladder)' },
  grant_share: { default: 0.3, min: 0, max: 1, unit: 'share of budget per unit resources', description: 'share of the budget granted at full resources', source: 'guess (seed 002: 1.175 M yuan of grants)' },
  platform_saving: { default: 0.4, min: 0, max: 1, unit: 'share of cost per unit technology', description: 'cut in the cost of taking part at full technology', source: 'guess' },
  platform_cost: { default: 0.02, min: 0, max: 0.5, unit: 'share of money per unit technology', description: 'running cost of platforms', source: 'guess' },
} as const;

/**
 * Empowerment (赋能; seed 002): three levers.
 * - `power`: residents get decision, supervision and evaluation rights: open design, a real say, more
 *   supervision.
 * - `resources`: offices pass part of the budget as grants to teams and community organisations (risky
 *   where few teams exist to use them).
 * - `technology`: information platforms lower the cost of taking part and raise transparency, at a
 *   running cost.
 *
 * @example
 * createCoprod('baseline', { rules: [{ name: 'empowerment', params: { power: 1 } }] });
 */
export const empowerment = defineRule<CoprodModel, typeof params>({
  name: 'empowerment',
  description: 'Empowerment (赋能): power, resources and technology for residents and community organisations.',
  params,
  phases: {
    design({ model, params: p }) {
      const L = model.levers;
      L.openness += p.open_design * p.power;
      L.voice += p.voice * p.power;
      L.channel += 0.3 * p.power + 0.4 * p.technology;
    },
    commitment({ model, params: p }) {
      const L = model.levers;
      L.cost *= 1 - p.platform_saving * p.technology;
      // Grants reach teams before residents decide (teams mobilise more with them) and stay in force
      // for production, where they carry a quality risk where teams are few.
      L.grants += p.grant_share * p.resources;
    },
    production({ model, params: p }) {
      model.levers.monitoringCost += p.platform_cost * p.technology;
    },
    opportunism({ model, params: p }) {
      // Supervision and evaluation rights, and the transparency of platforms, raise detection.
      model.levers.detection += 0.1 * p.power + 0.15 * p.technology;
    },
  },
});

