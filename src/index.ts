/**
 * coprod: agent-based simulation of community co-production. The pure core, for browsers, Node and notebooks.
 *
 * @module coprod
 */
export { createRandom, deriveSeed } from './random.js';
export type { RandomSource, RandomStream, StreamState } from './random.js';
export { createStore, storeRows } from './store.js';
export { createArena } from './arena.js';
export type { Arena, ColumnMemory, WasmMemory } from './arena.js';
export type { AgentStore, Column, ColumnType, FieldSpec, RowInit, RowWriter, StoreCommit, StoreSchema, StoreSnapshot } from './store.js';
export { EdgeList, createLayout, emptyNetwork, fromEdgeList, fromEdges, neighbourhoodTies, scaleFree, smallWorld } from './network.js';
export type { CommitRunner, Layout, Network, NetworkSnapshot } from './network.js';
export { ValidationError, validate, v } from './validate.js';
export type { Issue, Schema } from './validate.js';
export { checkParam, defaults, describeRange, parseParamValue, resolveParams } from './params.js';
export type { ParamSchema, ParamSpec, ParamValues } from './params.js';
export { defineRule, formatRuleSpec, inForce, parseRuleSpec } from './rule.js';
export type { Rule, RuleContext, RuleHook, RuleUse, Schedule, SimEvent } from './rule.js';
export { createSimulation } from './simulation.js';
export type { ModelState, Phase, ProcessContext, Reporter, Row, RuleState, Simulation, SimulationOptions, SimulationSnapshot } from './simulation.js';
export { WORKLOAD_DEFAULTS, createWorkloadSimulation, workloadInitialTrust, workloadNetwork } from './workload.js';
export type { WorkloadModel, WorkloadParams } from './workload.js';
export { MODEL_PARAMS, DOMAINS } from './model/params.js';
export type { Domain, ModelParamPath, ModelParams } from './model/params.js';
export { CTYPE, GROUP, PART, RESIDENT_SCHEMA, neutralLevers } from './model/state.js';
export type { Kernels, KernelsName } from './model/kernels.js';
export type { KernelLink, KernelThread } from './model/threads.js';
export { RANGED_CALL } from './model/threads.js';
export type { CoprodModel, Enterprise, KindDefinition, KindInstance, Ledger, Levers, Office, PartyState, Project, ResidentSchema, Residents, TickStats } from './model/state.js';
export { PHASES, PHASE_NAMES, gini } from './model/phases.js';
export { COLUMN_UNITS, REPORTERS } from './model/reporters.js';
export { defineKind } from './model/kinds.js';
export { residentRows } from './model/agents.js';
export { parseScenario } from './model/scenario.js';
export type { Contrast, RuleEntry, ScenarioSpec } from './model/scenario.js';
export { availableRules, createCoprod, mergeRegistries, parameterSpace, resolveScenario } from './model/create.js';
export type { CoprodOptions, CoprodSimulation, Registry, RuleToggle, RunOptions } from './model/create.js';
export { BUILTIN_RULES, checksAndBalances, empowerment, partyCoordination } from './rules/index.js';
export { DEFAULT_SCENARIO, findScenario, listScenarios, scenarioRegistry } from './catalogue.js';
export { VERSION } from './version.js';
export { columnsOf, toColumns, toCsv, toTable } from './format.js';
export * from './experiments/index.js';
export { RUN_COLUMNS, bandRows, columnName, compareRows, compareSummary, paramRows, runAsync, runColumns, runColumnsAsync, runRows, scenarioRows, sensitivityRows, summaryRows, sweepRows } from './notebook.js';
export type { AsyncOptions, Columns, CompareRowsOptions, CompareSummaryOptions, ExperimentAsyncOptions, RunAsyncOptions, RunRowsOptions, ScenarioInput, SummaryRow, SweepRowsOptions, SweepValues, SensitivityRowsOptions } from './notebook.js';
export { cos, exp, log, pow, sigmoid } from './math.js';
