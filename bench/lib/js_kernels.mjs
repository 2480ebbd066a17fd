// js_kernels.mjs — the "plain JavaScript" implementation the benchmark
// compares against: one straightforward loop per activation over
// Float32Arrays, using Math.exp / Math.tanh / Math.log1p, as someone would
// write it without WebAssembly. Same definitions and default parameters as
// the C++ core (PyTorch's), so run.mjs can check its outputs against wasm.
//
// Every activation has its own loop (no shared loop taking a callback): that
// keeps each loop monomorphic, which is how V8 makes such code fast.
//
// Deliberately left out: kink conventions and NaN/inf care (the benchmark's
// inputs are finite, in [-8, 8)).

const NEGATIVE_SLOPE = 0.01; // leaky_relu default
const ELU_ALPHA = 1.0;
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const SOFTPLUS_THRESHOLD = 20.0; // beta = 1
const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const GELU_TANH_CUBIC = 0.044715;

// JavaScript has no Math.erf: Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7),
// ample for a timing baseline whose outputs are compared at 1e-4.
function erf(x) {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t +
    0.254829592) * t;
  return sign * (1 - poly * Math.exp(-a * a));
}

// Forward: y[i] = f(z[i]). Backward: dz[i] = dy[i] · f'(z[i]).
// prelu uses slopes[i % slopes.length], like the C++ kernels with `channels`.
export function makeJsKernels(slopes) {
  const channels = slopes.length;
  return {
    identity: {
      forward(y, z, n) { for (let i = 0; i < n; i++) y[i] = z[i]; },
      backward(dz, z, dy, n) { for (let i = 0; i < n; i++) dz[i] = dy[i]; },
    },
    sigmoid: {
      forward(y, z, n) { for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-z[i])); },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const s = 1 / (1 + Math.exp(-z[i]));
          dz[i] = dy[i] * s * (1 - s);
        }
      },
    },
    tanh: {
      forward(y, z, n) { for (let i = 0; i < n; i++) y[i] = Math.tanh(z[i]); },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const t = Math.tanh(z[i]);
          dz[i] = dy[i] * (1 - t * t);
        }
      },
    },
    relu: {
      forward(y, z, n) { for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v > 0 ? v : 0; } },
      backward(dz, z, dy, n) { for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : 0; },
    },
    relu6: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v <= 0 ? 0 : v >= 6 ? 6 : v; }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; dz[i] = v > 0 && v < 6 ? dy[i] : 0; }
      },
    },
    leaky_relu: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v > 0 ? v : NEGATIVE_SLOPE * v; }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : NEGATIVE_SLOPE * dy[i];
      },
    },
    prelu: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v > 0 ? v : slopes[i % channels] * v; }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : slopes[i % channels] * dy[i];
      },
    },
    elu: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v > 0 ? v : ELU_ALPHA * Math.expm1(v); }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; dz[i] = v > 0 ? dy[i] : dy[i] * ELU_ALPHA * Math.exp(v); }
      },
    },
    selu: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          y[i] = SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v));
        }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          dz[i] = dy[i] * SELU_SCALE * (v > 0 ? 1 : SELU_ALPHA * Math.exp(v));
        }
      },
    },
    gelu: {
      forward(y, z, n) { for (let i = 0; i < n; i++) { const v = z[i]; y[i] = 0.5 * v * (1 + erf(v * SQRT_HALF)); } },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          const cdf = 0.5 * (1 + erf(v * SQRT_HALF));
          dz[i] = dy[i] * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
        }
      },
    },
    gelu_tanh: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          y[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_TANH_CUBIC * v * v * v)));
        }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_TANH_CUBIC * v * v * v));
          const inner = SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * v * v);
          dz[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * inner);
        }
      },
    },
    silu: {
      forward(y, z, n) { for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v / (1 + Math.exp(-v)); } },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          const s = 1 / (1 + Math.exp(-v));
          dz[i] = dy[i] * s * (1 + v * (1 - s));
        }
      },
    },
    mish: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v * Math.tanh(Math.log1p(Math.exp(v))); }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          const t = Math.tanh(Math.log1p(Math.exp(v)));
          const s = 1 / (1 + Math.exp(-v));
          dz[i] = dy[i] * (t + v * s * (1 - t * t));
        }
      },
    },
    softplus: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v > SOFTPLUS_THRESHOLD ? v : Math.log1p(Math.exp(v)); }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          dz[i] = v > SOFTPLUS_THRESHOLD ? dy[i] : dy[i] / (1 + Math.exp(-v));
        }
      },
    },
    hardsigmoid: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) { const v = z[i] + 3; y[i] = (v <= 0 ? 0 : v >= 6 ? 6 : v) / 6; }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) { const v = z[i]; dz[i] = v > -3 && v < 3 ? dy[i] / 6 : 0; }
      },
    },
    hardswish: {
      forward(y, z, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          const r = v + 3;
          y[i] = (v * (r <= 0 ? 0 : r >= 6 ? 6 : r)) / 6;
        }
      },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const v = z[i];
          dz[i] = v < -3 ? 0 : v <= 3 ? dy[i] * (v / 3 + 0.5) : dy[i];
        }
      },
    },
    softsign: {
      forward(y, z, n) { for (let i = 0; i < n; i++) { const v = z[i]; y[i] = v / (1 + Math.abs(v)); } },
      backward(dz, z, dy, n) {
        for (let i = 0; i < n; i++) {
          const d = 1 + Math.abs(z[i]);
          dz[i] = dy[i] / (d * d);
        }
      },
    },
  };
}
