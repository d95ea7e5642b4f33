import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as node from '../src/node/index.js';

/*
 * The public API, pinned: adding or removing an export is a decision made here on purpose, never a side
 * effect of another change.
 */
const CORE = [
  'BUILTIN_RULES', 'COLUMN_UNITS', 'CTYPE', 'DEFAULT_SCENARIO', 'DOMAINS', 'EdgeList', 'GROUP', 'MODEL_PARAMS', 'OUTPUT_COLUMNS',
  'PART', 'PHASES', 'PHASE_NAMES', 'RANGED_CALL', 'REPORTERS', 'RESIDENT_SCHEMA', 'RUN_COLUMNS', 'VERSION',
  'ValidationError', 'WORKLOAD_DEFAULTS', 'availableRules', 'axisValues', 'bandRows', 'bootstrapCI',
  'canonicalPoint', 'checkAxes', 'checkParam', 'checkPoints', 'checksAndBalances', 'columnName', 'columnsOf',
  'compare', 'compareRows', 'compareSummary', 'comparisonJson', 'comparisonSvg', 'comparisonTable', 'cos',
  'createArena', 'createCoprod', 'createLayout', 'createRandom', 'createSimulation', 'createStore',
  'createWorkloadSimulation', 'defaults', 'defineKind', 'defineRule', 'deriveSeed', 'describeRange',
  'elementaryEffects', 'empowerment', 'emptyNetwork', 'escapeXml', 'executeTask', 'exp', 'expandDesign',
  'findScenario', 'forEachLimited', 'formatAxis', 'formatNumber', 'formatRuleSpec', 'formatSideFlags',
  'fromEdgeList', 'fromEdges', 'gini', 'inForce', 'inThreadRunner', 'incompleteBeta', 'latinHypercube',
  'linspace', 'listScenarios', 'log', 'mean', 'meanInterval', 'mergeRegistries', 'morris', 'morrisDesign',
  'neighbourhoodTies', 'neutralLevers', 'niceTicks', 'normalCdf', 'normalQuantile', 'numericColumns',
  'oatDesign', 'pairedComparison', 'paramRows', 'parameterSpace', 'parseAxis', 'parseParamValue',
  'parseRuleSpec', 'parseScenario', 'parseSideFlags', 'parseWindow', 'partyCoordination', 'permutation',
  'planRuns', 'planSweep', 'pow', 'quantileSorted', 'residentRows', 'resolveBase', 'resolveParams',
  'resolveScenario', 'runAsync', 'runColumns', 'runColumnsAsync', 'runRows', 'runSeed', 'scaleFree',
  'scenarioRegistry', 'scenarioRows', 'sd', 'sensitivity', 'sensitivityRows', 'sensitivitySvg',
  'sensitivityTable', 'sigmoid', 'smallWorld', 'splitWords', 'storeRows', 'summarise', 'summaryRows',
  'svgCurves', 'svgEffects', 'sweep', 'sweepRows', 'sweepTask', 'tCdf', 'tQuantile', 'textTable', 'toColumns',
  'toCsv', 'toJsonLines', 'toTable', 'v', 'validate', 'windowMeans', 'workloadInitialTrust',
  'workloadNetwork',
];

const NODE = [
  'AtomicFileWriter', 'addRunFlags', 'assembleSweep', 'buildManifest', 'buildProgram', 'compareParallel',
  'createPoolRunner', 'createProgress', 'defaultWorkers', 'formatDuration', 'kernelThread', 'loadScenarioFile', 'main',
  'manifestDesign', 'parseSets', 'registerExperimentCommands', 'removeStaleTemporaries', 'runFile',
  'runSweep', 'scenarioArgument', 'sensitivityParallel', 'workerEntry', 'writeFileAtomic',
];

describe('public API', () => {
  it('exports exactly the pinned names from coprod', () => {
    expect(Object.keys(core).sort()).toEqual([...CORE].sort());
  });

  it('exports exactly the pinned names from coprod/node', () => {
    expect(Object.keys(node).sort()).toEqual([...NODE].sort());
  });
});
