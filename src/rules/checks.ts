import { defineRule } from '../rule.js';
import type { CoprodModel } from '../model/state.js';

const params = {
  monitoring: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'inspections, ledgers, third-party evaluation, satisfaction sampling, publicity', source: 'seed 002 (monthly inspections, annual evaluation); guess for default' },
  sanctions: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'severity of sanctions on detected diversion', source: 'seed 002; guess' },
  consultation: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'democratic consultation (民主协商)', source: 'seed 002; guess' },
  detection: { default: 0.6, min: 0, max: 1, unit: 'probability per unit monitoring', description: 'detection added at full monitoring', source: 'guess' },
  severity: { default: 0.6, min: 0, max: 1, unit: 'severity per unit sanctions', description: 'sanction severity added at full sanctions', source: 'guess' },
  monitoring_cost: { default: 0.35, min: 0, max: 1, unit: 'share of money at full monitoring', description: 'money consumed by monitoring (× intensity²)', source: 'guess' },
  paperwork: { default: 0.4, min: 0, max: 5, unit: 'cost multiplier at full monitoring', description: 'extra cost of taking part from paperwork (× intensity²)', source: 'guess' },
  consultation_conflict: { default: 0.6, min: 0, max: 1, unit: 'share per unit consultation', description: 'cut in goal conflict at full consultation', source: 'guess (seed 003: Pareto allocation by consultation)' },
} as const;

/**
 * Checks and balances (多元制衡; seed 002): monitoring (inspections, ledgers, third-party evaluation,
 * satisfaction sampling, publicity), sanctions, democratic consultation. Detection and sanctions deter
 * diversion; consultation lowers goal conflict. Monitoring consumes money and residents' time, rising
 * with the square of its intensity, so heavy checks crowd out production.
 *
 * @example
 * createCoprod('baseline', { rules: [{ name: 'checks-and-balances', params: { monitoring: 0.5 } }] });
 */
export const checksAndBalances = defineRule<CoprodModel, typeof params>({
  name: 'checks-and-balances',
  description: 'Checks and balances (多元制衡): monitoring, sanctions and democratic consultation.',
  params,
  phases: {
    design({ model, params: p }) {
      const L = model.levers;
      L.goalConflict *= 1 - p.consultation_conflict * p.consultation;
      L.openness += 0.2 * p.consultation;
      L.voice += 0.15 * p.consultation;
    },
    commitment({ model, params: p }) {
      // Paperwork and meetings take residents' time.
      model.levers.cost *= 1 + p.paperwork * p.monitoring * p.monitoring + 0.1 * p.consultation;
    },
    production({ model, params: p }) {
      // Inspections, ledgers and evaluations are paid from the money meant for services.
      model.levers.monitoringCost += p.monitoring_cost * p.monitoring * p.monitoring;
    },
    opportunism({ model, params: p }) {
      const L = model.levers;
      L.detection += p.detection * p.monitoring;
      L.sanction += p.severity * p.sanctions;
    },
  },
});

