// runner.ts — trains a lesson's runs in workers (lab.run), two at a time, and
// reports the growing histories, so a lesson's charts fill in live while the
// main thread stays free; at the end summarizeLesson() turns the outcomes into
// the lesson's numbers. Play, pause and stop apply to every run of the lesson.
// No DOM: the Node tests drive it too, and must get the same numbers as
// runLessonHeadless().
import type { DatasetKind, Lab, Metrics, Run, RunReport, RunStartInfo } from '../lib/types';
import { LESSONS, networkRun, type LessonId } from './catalogue';
import { summarizeLesson, type LessonResult, type RunOutcome } from './compute';

const CONCURRENT_RUNS = 2;
/** The unit maps of the run a lesson shows unit by unit (every shown run has two inputs). */
export const NETWORK_MAP = { w: 16, h: 16 } as const;

/**
 * Loads the real datasets a lesson's runs train on into the Lab (digits is
 * not compiled into the wasm: lab.loadDataset fetches it once; embedded ones
 * return at once). Before runLessonHeadless, and before a runner's runs.
 */
export async function loadLessonData(lab: Lab, id: LessonId): Promise<void> {
  const datasets = new Set(lab.schema.dataKinds.filter((entry) => entry.source === 'dataset').map((entry) => entry.name));
  const kinds = new Set(Object.values(LESSONS[id].runs).map((config) => config.data?.kind));
  for (const kind of kinds) if (kind && datasets.has(kind)) await lab.loadDataset(kind as DatasetKind);
}

export interface LessonRunnerEvents {
  /** A run reported metrics; `histories` holds every run's records so far. */
  onProgress?: (histories: Readonly<Record<string, readonly Metrics[]>>, latest: { name: string; metrics: Metrics }) => void;
  onDone?: (result: LessonResult) => void;
  onError?: (error: Error) => void;
  /** The run whose network the lesson shows (catalogue.ts networkRun) started: its filled-in config. */
  onNetworkStart?: (name: string, info: RunStartInfo) => void;
  /** Each report of that run, with its parameters as often as the run sends them. */
  onNetworkReport?: (name: string, metrics: Metrics, report: RunReport) => void;
}

export type LessonRunnerState = 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

export class LessonRunner {
  readonly #lab: Lab;
  readonly #id: LessonId;
  readonly #events: LessonRunnerEvents;
  readonly #histories: Record<string, Metrics[]> = {};
  readonly #active = new Set<Run>();
  #state: LessonRunnerState = 'idle';
  #result: Promise<LessonResult> | null = null;

  constructor(lab: Lab, id: LessonId, events: LessonRunnerEvents = {}) {
    this.#lab = lab;
    this.#id = id;
    this.#events = events;
  }

  get state(): LessonRunnerState {
    return this.#state;
  }

  get histories(): Readonly<Record<string, readonly Metrics[]>> {
    return this.#histories;
  }

  /** Starts the runs (once); resolves with the lesson's result. */
  start(): Promise<LessonResult> {
    this.#result ??= this.#runAll().then(
      (result) => {
        this.#state = 'done';
        this.#events.onDone?.(result);
        return result;
      },
      (error: Error) => {
        if (this.#state !== 'stopped') this.#state = 'failed';
        this.#events.onError?.(error);
        throw error;
      },
    );
    return this.#result;
  }

  pause(): void {
    if (this.#state !== 'running') return;
    this.#state = 'paused';
    for (const run of this.#active) run.pause();
  }

  resume(): void {
    if (this.#state !== 'paused') return;
    this.#state = 'running';
    for (const run of this.#active) run.resume();
  }

  stop(): void {
    if (this.#state === 'done' || this.#state === 'failed') return;
    this.#state = 'stopped';
    for (const run of this.#active) run.stop();
  }

  async #runAll(): Promise<LessonResult> {
    this.#state = 'running';
    // Real data loads while the first runs train; a run on it waits for it (the first runs' charts do not).
    const loading = loadLessonData(this.#lab, this.#id);
    loading.catch(() => {});
    const generated = new Set(this.#lab.schema.dataKinds.filter((entry) => entry.source !== 'dataset').map((entry) => entry.name as string));
    const queue = Object.entries(LESSONS[this.#id].runs);
    const outcomes: Record<string, RunOutcome> = {};
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, config] = next;
        if (!generated.has(config.data?.kind ?? 'moons')) await loading;
        if (this.#state === 'stopped') throw new Error('stopped');
        const history: Metrics[] = (this.#histories[name] = []);
        const shown = name === networkRun(this.#id);
        const run = this.#lab.run(config, {
          onMetrics: (metrics, report) => {
            history.push(metrics);
            this.#events.onProgress?.(this.#histories, { name, metrics });
            if (shown) this.#events.onNetworkReport?.(name, metrics, report);
          },
          // The shown run's moons have two inputs: each unit's map over the plane (16×16).
          ...(shown ? { parameters: true, unitGrids: NETWORK_MAP, onStart: (info: RunStartInfo) => this.#events.onNetworkStart?.(name, info) } : {}),
        });
        this.#active.add(run);
        if (this.#state === 'paused') run.pause();
        try {
          await run.done;
        } finally {
          this.#active.delete(run);
        }
        // stop() may have been called while awaiting (TypeScript narrows #state across the await).
        if ((this.#state as LessonRunnerState) === 'stopped') throw new Error('stopped');
        outcomes[name] = { history, parameters: run.parameters ?? [] };
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_RUNS }, worker));
    return summarizeLesson(this.#lab, this.#id, outcomes);
  }
}
