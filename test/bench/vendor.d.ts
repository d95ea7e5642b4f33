// Minimal types for the parts of AgentScript (dev dependency, ships no .d.ts) used by
// test/bench/agentscript.ts. Only what the benchmark touches; everything else is left out.
declare module 'agentscript' {
  /** An Array of agents with NetLogo-style helpers. */
  export class AgentArray<T> extends Array<T> {
    /** Call fn on each agent in array order. */
    ask(fn: (agent: T, index: number, array: AgentArray<T>) => void): void;
    /** Sum of agent[key], in array order, starting from 0. */
    sum(key: string): number;
    /** sum(key) / length. */
    avg(key: string): number;
    props(key: string): AgentArray<unknown>;
  }

  export class Turtle {
    id: number;
    /** All links with this turtle at either end, in creation order. */
    readonly links: AgentArray<Link>;
    /** The other ends of this turtle's links, in link order. */
    linkNeighbors(): AgentArray<Turtle>;
    /** Modellers add their own turtle variables freely. */
    [variable: string]: unknown;
  }

  export class Link {
    id: number;
    end0: Turtle;
    end1: Turtle;
  }

  export class Turtles extends AgentArray<Turtle> {
    create(count: number, init?: (turtle: Turtle) => void): Turtle[];
    createOne(init?: (turtle: Turtle) => void): Turtle;
  }

  export class Links extends AgentArray<Link> {
    create(from: Turtle, to: Turtle | Turtle[], init?: (link: Link) => void): Link[];
    createOne(from: Turtle, to: Turtle, init?: (link: Link) => void): Link;
  }

  export interface WorldOptions {
    minX: number;
    maxX: number;
    minY: number;
    maxY: number;
    minZ?: number;
    maxZ?: number;
  }

  export class World {
    constructor(options?: Partial<WorldOptions>);
    static defaultOptions(maxX?: number, maxY?: number, maxZ?: number): WorldOptions;
  }

  export class Model {
    constructor(worldOptions?: WorldOptions | World);
    world: World;
    turtles: Turtles;
    links: Links;
    ticks: number;
    done: boolean;
    startup(): Promise<void>;
    setup(): void;
    /** Wrapped by a Proxy (autoTick) that also advances `ticks`. */
    step(): void;
  }

  export const util: {
    clamp(v: number, min: number, max: number): number;
    randomSeed(seed?: number): void;
  };
}
