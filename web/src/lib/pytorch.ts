// pytorch.ts — an experiment's network as a runnable PyTorch script (what
// lab.toPyTorch returns): nn.Sequential of nn.Linear and the activation
// modules with their parameters, a module per custom formula whose forward
// is the formula in torch operations, the head (so outputs are what
// model.predict returns), then the weights copied in. Pure: config,
// parameters and the formulas' torch expressions in, text out.
//
// Our weights are fanIn×fanOut row-major; nn.Linear.weight is out×in, so the
// script reshapes to (fanIn, fanOut) and transposes. The torch expression
// of a formula comes from the C++ expression tree (checkFormula's `torch`):
// input `z`, parameters p['name'], numbers _c(value) (0-d float32 tensors).
import type { ActivationParams, ExperimentConfig, LayerConfig, LayerParameters, PyTorchOptions } from './types';

export type { PyTorchOptions } from './types';

export interface PyTorchScriptOptions extends PyTorchOptions {
  /** The torch expression of a custom layer's formula (lab.toPyTorch gets it from C++). */
  formulaToTorch?: (formula: string) => string;
}

/** A float32 as Python text: 9 significant digits round-trip any float32. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "float('-inf')";
  const text = Number(value.toPrecision(9)).toString();
  return /[.eE]/.test(text) || text.includes('n') ? text : `${text}.0`;
}

function floatList(values: ArrayLike<number>, perLine = 8, indent = '        '): string {
  const items = Array.from(values, pythonFloat);
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(indent + items.slice(i, i + perLine).join(', ') + ',');
  return `[\n${lines.join('\n')}\n    ]`;
}

/** A numeric parameter of a built-in activation, or its default. */
function numberParam(params: ActivationParams | undefined, name: string, fallback: number): number {
  const value = params?.[name];
  return typeof value === 'number' ? value : fallback;
}

/** The nn module of one hidden layer's built-in activation, with its parameters. */
export function activationModule(layer: LayerConfig, units: number): string {
  const params = layer.params;
  switch (layer.activation ?? 'relu') {
    case 'identity': return 'nn.Identity()';
    case 'sigmoid': return 'nn.Sigmoid()';
    case 'tanh': return 'nn.Tanh()';
    case 'relu': return 'nn.ReLU()';
    case 'relu6': return 'nn.ReLU6()';
    case 'leaky_relu': return `nn.LeakyReLU(negative_slope=${pythonFloat(numberParam(params, 'negative_slope', 0.01))})`;
    case 'prelu': return `nn.PReLU(num_parameters=${units}, init=${pythonFloat(numberParam(params, 'init', 0.25))})`;
    case 'elu': return `nn.ELU(alpha=${pythonFloat(numberParam(params, 'alpha', 1))})`;
    case 'selu': return 'nn.SELU()';
    case 'gelu': return 'nn.GELU()';
    case 'gelu_tanh': return "nn.GELU(approximate='tanh')";
    case 'silu': return 'nn.SiLU()';
    case 'mish': return 'nn.Mish()';
    case 'softplus':
      return `nn.Softplus(beta=${pythonFloat(numberParam(params, 'beta', 1))}, threshold=${pythonFloat(numberParam(params, 'threshold', 20))})`;
    case 'hardsigmoid': return 'nn.Hardsigmoid()';
    case 'hardswish': return 'nn.Hardswish()';
    case 'softsign': return 'nn.Softsign()';
    case 'custom': throw new TypeError('a custom layer is a module of its own (pytorchScript writes it)');
  }
}

function headModule(config: ExperimentConfig): string | null {
  switch (config.model?.output?.activation) {
    case 'sigmoid': return 'nn.Sigmoid()';
    case 'softmax': return 'nn.Softmax(dim=1)';
    default: return null;
  }
}

/** The Python class of custom layer `index`: the formula, its parameters, its torch expression. */
function formulaModule(className: string, index: number, params: ActivationParams, torch: string): string[] {
  const formula = String(params.formula).replace(/\s+/g, ' ').trim();
  const values = Object.entries(params)
    .filter(([name]) => name !== 'formula')
    .map(([name, value]) => `'${name}': ${pythonFloat(Math.fround(Number(value)))}`);
  return [
    '',
    '',
    `class ${className}(nn.Module):`,
    `    """Hidden layer ${index}'s activation, the formula f(z) = ${formula}"""`,
    '',
    `    params = {${values.join(', ')}}`,
    '',
    '    def forward(self, z):',
    '        p = {name: _c(value) for name, value in self.params.items()}',
    `        return torch.broadcast_to(${torch}, z.shape)`,
  ];
}

/**
 * The script. `config` should be the filled config (experiment.config), so
 * every layer names its activation and parameters; `parameters` has one entry
 * per dense layer (hidden layers, then the output layer), as getParameters().
 */
export function pytorchScript(
  config: ExperimentConfig,
  parameters: readonly LayerParameters[],
  options: PyTorchScriptOptions = {},
): string {
  const layers = config.model?.layers ?? [];
  if (parameters.length !== layers.length + 1) {
    throw new RangeError(`parameters has ${parameters.length} layers, the config ${layers.length} hidden layers + 1 output layer`);
  }
  const shapes = parameters.map((p) => {
    const fanOut = p.bias.length;
    return { fanIn: p.weights.length / fanOut, fanOut };
  });

  // Classes of the custom layers, Sequential modules, and the index of each Linear / PReLU in it.
  const classes: string[] = [];
  const modules: string[] = [];
  const linearIndex: number[] = [];
  const preluIndex = new Map<number, number>();
  shapes.forEach((shape, i) => {
    linearIndex.push(modules.length);
    modules.push(`nn.Linear(${shape.fanIn}, ${shape.fanOut})`);
    if (i >= layers.length) return;
    const layer = layers[i];
    if ((layer.activation ?? 'relu') === 'custom') {
      const params = layer.params ?? {};
      if (typeof params.formula !== 'string') throw new TypeError(`model.layers[${i}].params.formula must be a string`);
      if (!options.formulaToTorch) throw new TypeError('custom formulas need their torch expressions: use lab.toPyTorch');
      const className = `CustomActivation${i}`;
      classes.push(...formulaModule(className, i, params, options.formulaToTorch(params.formula)));
      modules.push(`${className}()`);
      return;
    }
    if ((layer.activation ?? 'relu') === 'prelu') preluIndex.set(i, modules.length);
    modules.push(activationModule(layer, shape.fanOut));
  });
  const head = headModule(config);
  if (head) modules.push(head);

  const description = [
    `data ${config.data?.kind ?? '?'}`,
    `seed ${config.seed ?? '?'}`,
    options.step !== undefined ? `after ${options.step} steps` : null,
  ].filter(Boolean).join(', ');

  const out: string[] = [];
  out.push('# Activation Lab: the network, rebuilt in PyTorch with its weights.');
  out.push(`# ${description}. Run: python3 this_file.py (or import it: it defines \`model\`).`);
  out.push('# Weights were stored fan_in x fan_out (row-major); nn.Linear.weight is out x in, hence .T below.');
  out.push('import math');
  out.push('');
  out.push('import torch');
  out.push('from torch import nn');
  out.push('import torch.nn.functional as F');
  if (classes.length) {
    out.push('');
    out.push('');
    out.push('def _c(value):');
    out.push('    """A number of a formula, as a 0-d float32 tensor."""');
    out.push('    return torch.tensor(value, dtype=torch.float32)');
    out.push(...classes);
  }
  out.push('');
  out.push('');
  out.push('model = nn.Sequential(');
  for (const module of modules) out.push(`    ${module},`);
  out.push(')');
  out.push('');
  out.push('with torch.no_grad():');
  parameters.forEach((layer, i) => {
    const { fanIn, fanOut } = shapes[i];
    const index = linearIndex[i];
    out.push(`    model[${index}].weight.copy_(torch.tensor(${floatList(layer.weights)}, dtype=torch.float32).reshape(${fanIn}, ${fanOut}).T)`);
    out.push(`    model[${index}].bias.copy_(torch.tensor(${floatList(layer.bias)}, dtype=torch.float32))`);
    const prelu = preluIndex.get(i);
    if (prelu !== undefined && layer.alpha) {
      out.push(`    model[${prelu}].weight.copy_(torch.tensor(${floatList(layer.alpha)}, dtype=torch.float32))`);
    }
  });
  out.push('model.eval()');
  out.push('');
  out.push("if __name__ == '__main__':");
  const inputs = shapes[0].fanIn;
  const sample =
    options.sampleInputs && options.sampleInputs.length >= inputs ? options.sampleInputs : new Float32Array(inputs);
  const rows: string[] = [];
  for (let r = 0; r + inputs <= sample.length && rows.length < 5; r += inputs) {
    rows.push(`[${Array.from(sample.subarray(r, r + inputs), pythonFloat).join(', ')}]`);
  }
  out.push(`    x = torch.tensor([${rows.join(', ')}], dtype=torch.float32)`);
  out.push('    with torch.no_grad():');
  out.push('        print(model(x))');
  return out.join('\n') + '\n';
}
