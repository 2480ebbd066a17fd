// session.ts — the Train panel's handle on its worker: create an experiment
// from a config, play / pause / step, and receive reports. Acknowledges each
// report on the next animation frame, which paces the worker to the display.
// snapshot() fetches the live model's weights for the exports.
// Errors come back as the TypeError / RangeError the C++ parser raised.
import type { ExperimentConfig, ExperimentData, Metrics } from '../../lib/types';
import type { GridRequest, ModelSnapshot, TrainingMessage, TrainingRequest } from './training-protocol';

export interface SessionEvents {
  onCreated(config: ExperimentConfig, data: ExperimentData): void;
  onReport(metrics: Metrics, grid: Float32Array | null, playing: boolean): void;
  onError(error: Error): void;
}

export class TrainingSession {
  readonly #worker: Worker;
  readonly #events: SessionEvents;
  readonly #variant: 'simd' | 'scalar';
  // Reports of an older experiment that arrive after a re-create are dropped.
  #generation = 0;
  #ackFrame = 0;
  readonly #snapshots = new Map<number, { resolve(snapshot: ModelSnapshot): void; reject(error: Error): void }>();
  #nextSnapshot = 0;

  constructor(variant: 'simd' | 'scalar', events: SessionEvents) {
    this.#variant = variant;
    this.#events = events;
    this.#worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (event: MessageEvent<TrainingMessage>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#events.onError(new Error(`the training worker failed: ${event.message || 'it could not be loaded'}`));
    };
  }

  create(config: ExperimentConfig, grid: GridRequest | null): void {
    this.#generation++;
    this.#send({ type: 'create', variant: this.#variant, config, grid });
  }

  play(): void {
    this.#send({ type: 'play' });
  }

  pause(): void {
    this.#send({ type: 'pause' });
  }

  step(k = 1): void {
    this.#send({ type: 'step', k });
  }

  setSpeed(stepsPerReport: number): void {
    this.#send({ type: 'speed', stepsPerReport });
  }

  /**
   * The live model, taken by the worker between two steps (whichever
   * experiment it has when the request arrives). Rejects when there is none.
   */
  snapshot(): Promise<ModelSnapshot> {
    const id = ++this.#nextSnapshot;
    return new Promise((resolve, reject) => {
      this.#snapshots.set(id, { resolve, reject });
      this.#send({ type: 'snapshot', id });
    });
  }

  destroy(): void {
    if (this.#ackFrame) cancelAnimationFrame(this.#ackFrame);
    this.#worker.terminate();
    for (const pending of this.#snapshots.values()) pending.reject(new Error('the training worker was stopped'));
    this.#snapshots.clear();
  }

  #send(request: TrainingRequest): void {
    this.#worker.postMessage(request);
  }

  #receive(message: TrainingMessage): void {
    if (message.type === 'snapshot') {
      // Answered whatever the generation: config and weights belong together.
      const pending = this.#snapshots.get(message.id);
      this.#snapshots.delete(message.id);
      if (message.snapshot) pending?.resolve(message.snapshot);
      else pending?.reject(new Error('there is no experiment to export'));
      return;
    }
    if (message.generation !== this.#generation) {
      if (message.type === 'report') this.#send({ type: 'ack' });
      return;
    }
    switch (message.type) {
      case 'created':
        this.#events.onCreated(message.config, message.data);
        break;
      case 'report':
        this.#events.onReport(message.metrics, message.grid, message.playing);
        if (!this.#ackFrame) {
          this.#ackFrame = requestAnimationFrame(() => {
            this.#ackFrame = 0;
            this.#send({ type: 'ack' });
          });
        }
        break;
      case 'error': {
        const { name, message: text } = message.error;
        this.#events.onError(name === 'TypeError' ? new TypeError(text) : name === 'RangeError' ? new RangeError(text) : new Error(text));
        break;
      }
    }
  }
}
