// datasets.ts — the real datasets a Lab loads on demand (breast_cancer,
// digits: docs/datasets.md), loaded once per Lab however many panels and
// links ask for them, and custom data restored from this browser (a link
// with data=custom and no points: storage.ts).
import type { ExperimentConfig, Lab } from '../../lib/types';
import { loadLocalData } from './storage';

const loads = new WeakMap<Lab, Map<string, Promise<void>>>();
const loaded = new WeakMap<Lab, Set<string>>();

/** The data kind of `config` when the Lab must load it before a run (and has not yet); else null. */
export function pendingDataset(lab: Lab, config: ExperimentConfig): string | null {
  const kind = config.data?.kind;
  if (!kind) return null;
  const info = lab.schema.dataKinds.find((entry) => entry.name === kind);
  if (!info || info.source !== 'dataset' || info.embedded !== false) return null;
  return loaded.get(lab)?.has(kind) ? null : kind;
}

/** Loads the dataset `kind` into the Lab once (lab.loadDataset); a failed load is tried again at the next call. */
export function loadDataset(lab: Lab, kind: string): Promise<void> {
  let perLab = loads.get(lab);
  if (!perLab) loads.set(lab, (perLab = new Map()));
  const running = perLab.get(kind);
  if (running) return running;
  const promise = lab.loadDataset(kind as Parameters<Lab['loadDataset']>[0]).then(
    () => {
      let done = loaded.get(lab);
      if (!done) loaded.set(lab, (done = new Set()));
      done.add(kind);
    },
    (error: unknown) => {
      perLab!.delete(kind);
      throw error;
    },
  );
  perLab.set(kind, promise);
  return promise;
}

/** Whether `config` names custom data without any (a link to data that this browser did not keep). */
export function lacksCustomData(config: ExperimentConfig): boolean {
  return config.data?.kind === 'custom' && (config.data.x === undefined || config.data.y === undefined);
}

/** `config` with its custom data filled from this browser when it names custom data without any (a link that cannot carry it). */
export function withLocalData(config: ExperimentConfig): ExperimentConfig {
  const data = config.data;
  if (data?.kind !== 'custom' || data.x !== undefined || data.y !== undefined) return config;
  const local = loadLocalData();
  if (!local) return config;
  const { n: _n, noise: _noise, ...rest } = data;
  return { ...config, data: { ...local, ...rest, x: local.x, y: local.y, inputs: local.inputs } };
}
