// export-pytorch.test.ts — the PyTorch export (web/src/app/export/pytorch.ts)
// as text: modules and their parameters, weights transposed to out×in, PReLU
// slopes loaded, the head included; floats written to round-trip float32.
// (Checked once by hand against torch: same outputs as model.predict to 1.2e-7
// for all 17 activations; this suite needs no Python.)
import { describe, expect, it } from 'vitest';

import { activationModule, pythonFloat, pytorchSnippet } from '../../web/src/panels/export/pytorch';
import type { ExperimentConfig, LayerParameters } from '../../web/src/lib/types';

const config: ExperimentConfig = {
  seed: 7,
  data: { kind: 'moons' },
  model: {
    inputs: 2,
    layers: [
      { units: 3, activation: 'prelu', params: { init: 0.25 } },
      { units: 2, activation: 'leaky_relu', params: { negative_slope: 0.1 } },
    ],
    output: { units: 1, activation: 'sigmoid' },
  },
};

// weights fanIn×fanOut row-major: W[i][o] = 10·i + o (+ layer offset)
function layer(fanIn: number, fanOut: number, offset: number, alpha?: number[]): LayerParameters {
  const weights = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < fanIn; i++) for (let o = 0; o < fanOut; o++) weights[i * fanOut + o] = offset + 10 * i + o;
  return { weights, bias: new Float32Array(fanOut).fill(0.5), ...(alpha ? { alpha: new Float32Array(alpha) } : {}) };
}

const parameters = [layer(2, 3, 0, [0.1, 0.2, 0.3]), layer(3, 2, 100), layer(2, 1, 200)];

describe('pytorchSnippet', () => {
  const text = pytorchSnippet(config, parameters, { step: 42, sampleInputs: new Float32Array([1, 2, 3, 4]) });

  it('builds the same layers in order, the head last', () => {
    const modules = text.slice(text.indexOf('nn.Sequential('), text.indexOf('\n)\n')).split('\n').slice(1).map((l) => l.trim());
    expect(modules).toEqual([
      'nn.Linear(2, 3),',
      'nn.PReLU(num_parameters=3, init=0.25),',
      'nn.Linear(3, 2),',
      'nn.LeakyReLU(negative_slope=0.1),',
      'nn.Linear(2, 1),',
      'nn.Sigmoid(),',
    ]);
  });

  it('loads each Linear from our fanIn×fanOut layout, transposed, and the PReLU slopes', () => {
    expect(text).toContain('model[0].weight.copy_(torch.tensor([\n        0.0, 1.0, 2.0, 10.0, 11.0, 12.0,\n    ], dtype=torch.float32).reshape(2, 3).T)');
    expect(text).toContain('model[2].weight.copy_(');
    expect(text).toContain('.reshape(3, 2).T)');
    expect(text).toContain('model[4].bias.copy_(torch.tensor([\n        0.5,\n    ]');
    expect(text).toMatch(/model\[1\]\.weight\.copy_\(torch\.tensor\(\[\n {8}0\.100000001, 0\.200000003, 0\.300000012,/);
    expect(text).toContain('after 42 steps');
    expect(text).toContain('x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float32)');
  });

  it('maps every activation to its nn module with parameters', () => {
    expect(activationModule({ activation: 'gelu_tanh' }, 4)).toBe("nn.GELU(approximate='tanh')");
    expect(activationModule({ activation: 'gelu' }, 4)).toBe('nn.GELU()');
    expect(activationModule({ activation: 'elu', params: { alpha: 0.5 } }, 4)).toBe('nn.ELU(alpha=0.5)');
    expect(activationModule({ activation: 'softplus', params: { beta: 2, threshold: 10 } }, 4)).toBe('nn.Softplus(beta=2.0, threshold=10.0)');
    expect(activationModule({ activation: 'hardswish' }, 4)).toBe('nn.Hardswish()');
    expect(activationModule({ activation: 'identity' }, 4)).toBe('nn.Identity()');
  });

  it('writes softmax heads with dim=1 and no module for an identity head', () => {
    const softmax = pytorchSnippet({ ...config, model: { ...config.model, output: { activation: 'softmax' } } }, parameters);
    expect(softmax).toContain('nn.Softmax(dim=1),');
    const identity = pytorchSnippet({ ...config, model: { ...config.model, output: { activation: 'identity' } } }, parameters);
    expect(identity).not.toMatch(/Sigmoid|Softmax/);
  });

  it('writes floats that round-trip float32, and non-finite ones as Python', () => {
    for (const value of [0.1, -3.4028234663852886e38, 1.401298464324817e-45, 123456789, 1e-7]) {
      const f = Math.fround(value);
      expect(Math.fround(Number(pythonFloat(f)))).toBe(f);
    }
    expect(pythonFloat(NaN)).toBe("float('nan')");
    expect(pythonFloat(-Infinity)).toBe("float('-inf')");
    expect(pythonFloat(3)).toBe('3.0');
  });

  it('refuses parameters that do not match the config', () => {
    expect(() => pytorchSnippet(config, parameters.slice(0, 2))).toThrow(RangeError);
  });
});
