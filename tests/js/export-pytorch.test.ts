// export-pytorch.test.ts — the PyTorch export (web/src/lib/pytorch.ts, behind
// lab.toPyTorch) as text: modules and their parameters, weights transposed
// to out×in, PReLU slopes loaded, the head included, custom formulas as
// torch operations; floats written to round-trip float32. Then the scripts
// run in Python: against the pure-Python stand-in for torch in
// fixtures/torch-stub (so every machine checks them), and against PyTorch
// itself where `python3` (or /usr/bin/python3, or $ACTLAB_PYTHON) imports
// torch. Either way the script's predictions must be model.predict's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { activationModule, pythonFloat, pytorchScript } from '../../web/src/lib/pytorch';
import { createLab } from '../../web/src/lib/index';
import type { ExperimentConfig, Lab, LayerParameters } from '../../web/src/lib/types';
import { repositoryRoot } from './helpers';

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

describe('pytorchScript', () => {
  const text = pytorchScript(config, parameters, { step: 42, sampleInputs: new Float32Array([1, 2, 3, 4]) });

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
    const softmax = pytorchScript({ ...config, model: { ...config.model, output: { activation: 'softmax' } } }, parameters);
    expect(softmax).toContain('nn.Softmax(dim=1),');
    const identity = pytorchScript({ ...config, model: { ...config.model, output: { activation: 'identity' } } }, parameters);
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
    expect(() => pytorchScript(config, parameters.slice(0, 2))).toThrow(RangeError);
  });
});

// ------------------------------------------------------- lab.toPyTorch ---

const STUB = join(repositoryRoot, 'tests/js/fixtures/torch-stub');

/** A Python 3 that imports torch, or undefined. */
function pythonWithTorch(): string | undefined {
  const candidates = [process.env.ACTLAB_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean) as string[];
  return candidates.find((python) => spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
}

/**
 * Imports the script as a module (which must print nothing), runs `model` on
 * the rows of x and returns its outputs, flattened; `stub` puts the
 * stand-in torch first on the path.
 */
function runScript(python: string, script: string, x: number[][], stub: boolean): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-torch-'));
  try {
    writeFileSync(join(dir, 'actlab_model.py'), script);
    writeFileSync(join(dir, 'x.json'), JSON.stringify(x));
    const driver = [
      'import io, json, sys, contextlib',
      'captured = io.StringIO()',
      'with contextlib.redirect_stdout(captured):',
      '    import actlab_model',
      'import torch',
      "x = json.load(open('x.json'))",
      'with torch.no_grad():',
      '    y = actlab_model.model(torch.tensor(x, dtype=torch.float32)).tolist()',
      "print(json.dumps({'printed': captured.getvalue(), 'y': y}))",
    ].join('\n');
    const env = { ...process.env, PYTHONPATH: stub ? `${STUB}:${dir}` : dir, PYTHONDONTWRITEBYTECODE: '1' };
    const result = spawnSync(python, ['-c', driver], { cwd: dir, encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
    const { printed, y } = JSON.parse(result.stdout) as { printed: string; y: number[][] };
    expect(printed).toBe('');  // importing the script prints nothing
    return y.flat();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The configs exported: every head, PReLU, built-ins and custom formulas. */
const EXPORTS: Record<string, ExperimentConfig> = {
  custom_formulas_sigmoid: {
    seed: 4,
    data: { kind: 'moons', n: 120 },
    model: {
      layers: [
        { units: 6, activation: 'custom', params: { formula: 'max(a*z, z) + where(z < -1, 0.1*sin(3*z), erf(z)/pi)', a: 0.1 } },
        { units: 5, activation: 'custom', params: { formula: 'z*sigmoid(b*z) - log1p(z^2)/e + gelu_tanh(x)*2^-z', b: 1.5 } },
        { units: 4, activation: 'prelu' },
        { units: 3, activation: 'custom', params: { formula: '3' } },
      ],
    },
  },
  builtins_softmax: {
    seed: 5,
    data: { kind: 'spiral', classes: 3, n: 90 },
    model: {
      layers: [
        { units: 5, activation: 'gelu' },
        { units: 5, activation: 'softplus', params: { beta: 2, threshold: 10 } },
        { units: 5, activation: 'elu', params: { alpha: 0.5 } },
        { units: 4, activation: 'custom', params: { formula: 'mish(z) + hardswish(z) - tanh(z)*cosh(z/8) + abs(z)^1.5' } },
      ],
    },
  },
  regression_identity: {
    seed: 6,
    data: { kind: 'sin', n: 60 },
    model: { layers: [{ units: 8, activation: 'custom', params: { formula: 'where(z > 0, sqrt(1 + z^2) - 1, expm1(z))' } }] },
  },
};

describe('lab.toPyTorch', () => {
  let lab: Lab;
  const python = pythonWithTorch();
  beforeAll(async () => {
    lab = await createLab();
  });
  afterAll(() => lab?.dispose());

  it('writes custom formulas as modules of torch operations', () => {
    const text = lab.toPyTorch(EXPORTS.custom_formulas_sigmoid);
    expect(text).toContain('class CustomActivation0(nn.Module):');
    expect(text).toContain('"""Hidden layer 0\'s activation, the formula f(z) = max(a*z, z) + where(z < -1, 0.1*sin(3*z), erf(z)/pi)"""');
    expect(text).toContain("    params = {'a': 0.100000001}");
    expect(text).toContain(
      '        return torch.broadcast_to((torch.maximum((p[\'a\'] * z), z) + torch.where((z < (-_c(1))), (_c(0.1) * torch.sin((_c(3) * z))), (torch.erf(z) / _c(math.pi)))), z.shape)',
    );
    expect(text).toMatch(/model = nn\.Sequential\(\n {4}nn\.Linear\(2, 6\),\n {4}CustomActivation0\(\),\n {4}nn\.Linear\(6, 5\),\n {4}CustomActivation1\(\),/);
    expect(text).toContain("if __name__ == '__main__':");
  });

  it('checks the config and the parameters like createExperiment and setParameters', () => {
    expect(() => lab.toPyTorch({ model: { layers: [{ activation: 'custom', params: { formula: 'sin(z))' } }] } })).toThrow(
      new TypeError("model.layers[0].params.formula: unexpected ')' at column 7"),
    );
    using exp = lab.createExperiment(EXPORTS.regression_identity);
    const wrong = exp.model.getParameters().slice(0, 1);
    expect(() => lab.toPyTorch(EXPORTS.regression_identity, wrong)).toThrow(RangeError);
  });

  // The stand-in runs everywhere; PyTorch where it is installed.
  const runners: [string, string | undefined, boolean][] = [
    ['the torch stand-in (fixtures/torch-stub)', 'python3', true],
    ['PyTorch', python, false],
  ];
  describe.each(runners)('run with %s', (_name, interpreter, stub) => {
    it.skipIf(interpreter === undefined).each(Object.keys(EXPORTS))('%s: predictions equal model.predict', (key) => {
      using exp = lab.createExperiment(EXPORTS[key]);
      exp.step(30);
      const trained = exp.model.getParameters();
      const data = exp.data();
      const rows = Array.from({ length: Math.min(data.n, 25) }, (_, r) =>
        Array.from(data.x.subarray(r * data.inputs, (r + 1) * data.inputs)),
      );
      const want = exp.model.predict(new Float32Array(rows.flat()));
      for (const [parameters, expected] of [
        [trained, want],
        [undefined, null],  // the config's initial weights
      ] as const) {
        const script = lab.toPyTorch(EXPORTS[key], parameters, { step: 30 });
        let reference = expected;
        if (reference === null) {
          using fresh = lab.createExperiment(EXPORTS[key]);
          reference = fresh.model.predict(new Float32Array(rows.flat()));
        }
        const got = runScript(interpreter!, script, rows, stub);
        expect(got.length).toBe(reference.length);
        const worst = Math.max(...got.map((v, i) => Math.abs(v - reference![i]) / (Math.abs(reference![i]) + 1e-3)));
        expect(worst, `${key}: worst relative difference`).toBeLessThan(1e-4);
      }
    });
  });
});
