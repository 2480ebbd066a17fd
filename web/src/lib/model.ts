// model.ts — Model: an MLP in wasm memory, from JavaScript. Parameters and
// gradients leave as Float32Array copies in the layout of model.hpp (weights
// fanIn×fanOut row-major, bias, PReLU slopes as `alpha`); inputs are copied in
// per call. Errors from C++ (lengths, loss, class indices) arrive as
// TypeError / RangeError with the C++ message; wrong JavaScript types are
// TypeErrors naming the argument.
import {
  Lifetime,
  configText,
  copyFloats,
  describe,
  disposeSymbol,
  requireFloat32Array,
  withWasmFloats,
} from './memory';
import { unwrap, type RawActlabModule, type RawModelHandle } from './raw-module';
import type { LayerParameters, LossAndGradients, LossKind, Model, ModelConfig } from './types';

const WEIGHTS = 0;
const BIAS = 1;
const SLOPES = 2;

export class WasmModel implements Model {
  readonly #raw: RawActlabModule;
  readonly #handle: RawModelHandle;
  readonly #lifetime: Lifetime;
  readonly #disposedMessage: string;
  /** Views (exp.model) are freed by their experiment; dispose() on them does nothing. */
  readonly #isView: boolean;
  /**
   * A view keeps its experiment reachable: otherwise the experiment's
   * finalizer could free the model while `const model = exp.model` still
   * holds it.
   */
  readonly #experiment: object | undefined;

  /**
   * Use lab.createModel() or exp.model. `experimentLifetime` makes a view
   * that lives and dies with its experiment; otherwise the model owns `handle`.
   */
  constructor(raw: RawActlabModule, handle: RawModelHandle, experimentLifetime?: Lifetime, experiment?: object) {
    this.#raw = raw;
    this.#handle = handle;
    this.#experiment = experiment;
    this.#isView = experimentLifetime !== undefined;
    this.#lifetime = experimentLifetime ?? new Lifetime(this, [handle], 'Model has been disposed');
    this.#disposedMessage = this.#isView
      ? 'Experiment has been disposed (this Model is its exp.model)'
      : 'Model has been disposed';
  }

  /** Builds a model from the "model" part of the experiment schema. */
  static create(raw: RawActlabModule, config: ModelConfig | undefined, seed: number): WasmModel {
    const text = configText(config, 'model config');
    const handle = new raw.ModelHandle();
    const error = handle._create(text, seed);
    if (error) {
      handle.delete();
      unwrap(error);
    }
    return new WasmModel(raw, handle);
  }

  get inputs(): number {
    return this.#live()._inputs();
  }

  get outputs(): number {
    return this.#live()._outputs();
  }

  /** True once the model (or, for exp.model, its experiment) has been disposed. */
  get disposed(): boolean {
    return this.#lifetime.disposed;
  }

  getParameters(): LayerParameters[] {
    const handle = this.#live();
    return this.#layers((layer, part) => handle._parameters(layer, part));
  }

  setParameters(parameters: readonly LayerParameters[]): void {
    const handle = this.#live();
    if (!Array.isArray(parameters)) {
      throw new TypeError(`parameters must be an array of { weights, bias, alpha? }, got ${describe(parameters)}`);
    }
    const arrays: Float32Array[] = [];
    parameters.forEach((layer: unknown, index) => {
      if (typeof layer !== 'object' || layer === null) {
        throw new TypeError(`parameters[${index}] must be an object { weights, bias, alpha? }, got ${describe(layer)}`);
      }
      const { weights, bias, alpha } = layer as Partial<LayerParameters>;
      requireFloat32Array(weights, `parameters[${index}].weights`);
      requireFloat32Array(bias, `parameters[${index}].bias`);
      if (alpha !== undefined) requireFloat32Array(alpha, `parameters[${index}].alpha`);
      arrays.push(weights, bias, alpha ?? new Float32Array(0));
    });
    const layers = parameters.length;
    withWasmFloats(this.#raw, arrays, (addresses) => {
      // Two uint32 tables: the arrays' addresses and their lengths.
      const tables = this.#raw._malloc(Math.max(4, 2 * 3 * layers * 4));
      if (!tables) throw new RangeError('the wasm memory cannot hold the parameter tables');
      try {
        const heap = this.#raw.HEAPU32;
        const base = tables >>> 2;
        arrays.forEach((array, i) => {
          heap[base + i] = addresses[i];
          heap[base + 3 * layers + i] = array.length;
        });
        unwrap(handle._setParameters(layers, tables, tables + 3 * layers * 4));
      } finally {
        this.#raw._free(tables);
      }
    });
  }

  predict(x: Float32Array): Float32Array {
    const handle = this.#live();
    requireFloat32Array(x, 'x');
    const inputs = handle._inputs();
    const outCount = Math.floor(x.length / inputs) * handle._outputs();
    return withWasmFloats(
      this.#raw,
      [x],
      ([xAddress, outAddress]) => {
        unwrap(handle._predict(xAddress, x.length, outAddress));
        return copyFloats(this.#raw, outAddress, outCount);
      },
      outCount,
    );
  }

  lossAndGradients(x: Float32Array, y: Float32Array, loss: LossKind): LossAndGradients {
    const handle = this.#live();
    requireFloat32Array(x, 'x');
    requireFloat32Array(y, 'y');
    if (typeof loss !== 'string') {
      throw new TypeError(`loss must be 'bce', 'softmax_ce' or 'mse', got ${describe(loss)}`);
    }
    const meanLoss = withWasmFloats(this.#raw, [x, y], ([xAddress, yAddress]) =>
      unwrap(handle._lossAndGradients(xAddress, x.length, yAddress, y.length, loss)),
    );
    return { loss: meanLoss, gradients: this.#layers((layer, part) => handle._gradients(layer, part)) };
  }

  /** @internal Fan-in and fan-out of every dense layer (hidden layers, then the output layer). */
  layerShapes(): { fanIn: number; fanOut: number }[] {
    const handle = this.#live();
    const shapes: { fanIn: number; fanOut: number }[] = [];
    for (let layer = 0, count = handle._layerCount(); layer < count; layer++) {
      shapes.push({ fanIn: handle._fanIn(layer), fanOut: handle._fanOut(layer) });
    }
    return shapes;
  }

  /** Frees the model's wasm memory. Idempotent. On exp.model it does nothing: the experiment owns it. */
  dispose(): void {
    if (!this.#isView) this.#lifetime.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  #live(): RawModelHandle {
    this.#lifetime.check(this.#disposedMessage);
    return this.#handle;
  }

  /** Copies of every layer's parameters or gradients, found by `address(layer, part)`. */
  #layers(address: (layer: number, part: number) => number): LayerParameters[] {
    const handle = this.#handle;
    const result: LayerParameters[] = [];
    for (let layer = 0, count = handle._layerCount(); layer < count; layer++) {
      const fanIn = handle._fanIn(layer);
      const fanOut = handle._fanOut(layer);
      const entry: LayerParameters = {
        weights: copyFloats(this.#raw, address(layer, WEIGHTS), fanIn * fanOut),
        bias: copyFloats(this.#raw, address(layer, BIAS), fanOut),
      };
      if (handle._hasSlopes(layer)) entry.alpha = copyFloats(this.#raw, address(layer, SLOPES), fanOut);
      result.push(entry);
    }
    return result;
  }
}
