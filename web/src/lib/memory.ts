// memory.ts — moving float arrays across the wasm boundary, and the lifetime
// rules of wasm-owning objects (dispose, Symbol.dispose, a finalizer as the
// safety net). Shared by model.ts and experiment.ts.
//
// Inputs are copied into malloc'd wasm memory with one HEAPF32.set and freed
// after the call; outputs leave as HEAPF32.slice copies, which stay valid when
// the wasm memory grows (a view would be detached).
import type { Address, EmbindObject, RawActlabModule } from './raw-module';

/** Symbol.dispose where the runtime has it; Node 20 calls it Symbol(nodejs.dispose). */
export const disposeSymbol: typeof Symbol.dispose = ((Symbol as { dispose?: symbol }).dispose ??
  Symbol.for('nodejs.dispose')) as typeof Symbol.dispose;

/** A copy of count floats at a wasm address. */
export function copyFloats(raw: RawActlabModule, address: Address, count: number): Float32Array {
  if (count === 0) return new Float32Array(0);
  const start = address >>> 2;
  return raw.HEAPF32.slice(start, start + count);
}

/**
 * Copies `arrays` into fresh wasm memory, runs `body` with their addresses and
 * frees the memory afterwards, whatever happens. `extraFloats` reserves one
 * more (uninitialised) block for outputs, passed last.
 */
export function withWasmFloats<T>(
  raw: RawActlabModule,
  arrays: readonly Float32Array[],
  body: (addresses: Address[]) => T,
  extraFloats?: number,
): T {
  const addresses: Address[] = [];
  try {
    for (const array of arrays) {
      const address = allocate(raw, array.length * 4);
      addresses.push(address);
      // Read HEAPF32 after malloc: growing memory replaces the view.
      raw.HEAPF32.set(array, address >>> 2);
    }
    if (extraFloats !== undefined) addresses.push(allocate(raw, extraFloats * 4));
    return body(addresses);
  } finally {
    for (const address of addresses) raw._free(address);
  }
}

function allocate(raw: RawActlabModule, bytes: number): Address {
  // malloc(0) may return 0; 4 bytes keep every address a real one.
  const address = raw._malloc(Math.max(bytes, 4));
  if (!address) throw new RangeError(`the wasm memory cannot hold ${bytes} more bytes`);
  return address;
}

/** Frees Embind handles whose JavaScript owner was garbage-collected without dispose(). */
const finalizer: FinalizationRegistry<EmbindObject[]> | undefined =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handles: EmbindObject[]) => {
        for (const handle of handles) if (!handle.isDeleted()) handle.delete();
      })
    : undefined;

/**
 * The life of one wasm-owning JavaScript object: the Embind handles it frees,
 * and the error it throws once disposed. Views (exp.model) share their
 * owner's lifetime.
 */
export class Lifetime {
  #handles: EmbindObject[] | null;
  readonly #disposedMessage: string;

  constructor(owner: object, handles: EmbindObject[], disposedMessage: string) {
    this.#handles = handles;
    this.#disposedMessage = disposedMessage;
    finalizer?.register(owner, handles, this);
  }

  get disposed(): boolean {
    return this.#handles === null;
  }

  /** Throws a plain Error once disposed, before any call reaches freed wasm memory. */
  check(message = this.#disposedMessage): void {
    if (this.#handles === null) throw new Error(message);
  }

  /** Frees the handles, last first (views before what they view). Idempotent. */
  dispose(): void {
    if (this.#handles === null) return;
    finalizer?.unregister(this);
    for (const handle of this.#handles.reverse()) if (!handle.isDeleted()) handle.delete();
    this.#handles = null;
  }
}

/** Short description of a value for error messages: `number 1.5`, `string "x"`, `Array`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return `number ${value}`;
  if (typeof value === 'string') {
    return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  }
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

export function requireFloat32Array(value: unknown, name: string): asserts value is Float32Array {
  if (!(value instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array, got ${describe(value)}`);
}

export function requireInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
}

/**
 * JSON text for the C++ config parser, which owns all validation. Typed arrays
 * become plain arrays (custom data); anything JSON cannot express is left for
 * JSON.stringify to reject (BigInt, cycles: TypeError).
 */
export function configText(config: unknown, name: string): string {
  if (config === undefined) return '{}';
  const text = JSON.stringify(config, (_key, value: unknown) =>
    ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as Float32Array) : value,
  );
  if (text === undefined) throw new TypeError(`${name} must be an object, got ${describe(config)}`);
  return text;
}

/** Custom data.x and data.y that travel beside the JSON text (CustomArrays in cpp/include/actlab/config.hpp). */
export interface CustomArrays {
  x: Float32Array;
  y: Float32Array;
}

function isTypedArray(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Like configText, but when config.data.x and data.y are both typed arrays
 * they stay out of the JSON and travel as Float32Arrays (as C++ reads JSON
 * numbers: the nearest float): a 100000 × 64 CSV would be over 40 MB of JSON
 * text. C++ checks them like data.x and data.y.
 */
export function configParts(config: unknown, name: string): { text: string; arrays?: CustomArrays } {
  const data = (typeof config === 'object' && config !== null ? (config as { data?: unknown }).data : undefined) as
    | { x?: unknown; y?: unknown }
    | undefined;
  if (typeof data !== 'object' || data === null || !isTypedArray(data.x) || !isTypedArray(data.y)) {
    return { text: configText(config, name) };
  }
  const asFloats = (values: ArrayLike<number>) => (values instanceof Float32Array ? values : Float32Array.from(values));
  const arrays = { x: asFloats(data.x), y: asFloats(data.y) };
  const { x: _x, y: _y, ...rest } = data;
  return { text: configText({ ...(config as object), data: rest }, name), arrays };
}
