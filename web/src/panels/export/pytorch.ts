// pytorch.ts — a trained model as a runnable PyTorch script: nn.Sequential of
// nn.Linear and the activation modules with their parameters (the head
// included, so outputs are the probabilities model.predict returns), then the
// learned weights copied in. Pure: config and parameters in, text out.
//
// Our weights are fanIn×fanOut row-major; nn.Linear.weight is out×in, so the
// script reshapes to (fanIn, fanOut) and transposes.
import type { ExperimentConfig, LayerConfig, LayerParameters } from '../../lib/types';

export interface SnippetContext {
  /** Training steps behind these weights (written in the header). */
  step?: number;
  /** A few input rows (n×inputs row-major) for the script's example call. */
  sampleInputs?: Float32Array;
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

/** The nn module of one hidden layer's activation, with its parameters. */
export function activationModule(layer: LayerConfig, units: number): string {
  const params = layer.params ?? {};
  switch (layer.activation ?? 'relu') {
    case 'identity': return 'nn.Identity()';
    case 'sigmoid': return 'nn.Sigmoid()';
    case 'tanh': return 'nn.Tanh()';
    case 'relu': return 'nn.ReLU()';
    case 'relu6': return 'nn.ReLU6()';
    case 'leaky_relu': return `nn.LeakyReLU(negative_slope=${pythonFloat(params.negative_slope ?? 0.01)})`;
    case 'prelu': return `nn.PReLU(num_parameters=${units}, init=${pythonFloat(params.init ?? 0.25)})`;
    case 'elu': return `nn.ELU(alpha=${pythonFloat(params.alpha ?? 1)})`;
    case 'selu': return 'nn.SELU()';
    case 'gelu': return 'nn.GELU()';
    case 'gelu_tanh': return "nn.GELU(approximate='tanh')";
    case 'silu': return 'nn.SiLU()';
    case 'mish': return 'nn.Mish()';
    case 'softplus': return `nn.Softplus(beta=${pythonFloat(params.beta ?? 1)}, threshold=${pythonFloat(params.threshold ?? 20)})`;
    case 'hardsigmoid': return 'nn.Hardsigmoid()';
    case 'hardswish': return 'nn.Hardswish()';
    case 'softsign': return 'nn.Softsign()';
  }
}

function headModule(config: ExperimentConfig): string | null {
  switch (config.model?.output?.activation) {
    case 'sigmoid': return 'nn.Sigmoid()';
    case 'softmax': return 'nn.Softmax(dim=1)';
    default: return null;
  }
}

/**
 * The script. `config` should be the filled config (experiment.config), so
 * every layer names its activation and parameters; `parameters` has one entry
 * per dense layer (hidden layers, then the output layer), as getParameters().
 */
export function pytorchSnippet(config: ExperimentConfig, parameters: readonly LayerParameters[], context: SnippetContext = {}): string {
  const layers = config.model?.layers ?? [];
  if (parameters.length !== layers.length + 1) {
    throw new RangeError(`parameters has ${parameters.length} layers, the config ${layers.length} hidden layers + 1 output layer`);
  }
  const shapes = parameters.map((p) => {
    const fanOut = p.bias.length;
    return { fanIn: p.weights.length / fanOut, fanOut };
  });

  // Sequential modules, and the index of each Linear / PReLU in it.
  const modules: string[] = [];
  const linearIndex: number[] = [];
  const preluIndex = new Map<number, number>();
  shapes.forEach((shape, i) => {
    linearIndex.push(modules.length);
    modules.push(`nn.Linear(${shape.fanIn}, ${shape.fanOut})`);
    if (i < layers.length) {
      if ((layers[i].activation ?? 'relu') === 'prelu') preluIndex.set(i, modules.length);
      modules.push(activationModule(layers[i], shape.fanOut));
    }
  });
  const head = headModule(config);
  if (head) modules.push(head);

  const description = [
    `data ${config.data?.kind ?? '?'}`,
    `seed ${config.seed ?? '?'}`,
    context.step !== undefined ? `after ${context.step} steps` : null,
  ].filter(Boolean).join(', ');

  const out: string[] = [];
  out.push('# Activation Lab: the trained network, rebuilt in PyTorch with its learned weights.');
  out.push(`# ${description}. Run: python3 this_file.py`);
  out.push('# Weights were stored fan_in x fan_out (row-major); nn.Linear.weight is out x in, hence .T below.');
  out.push('import torch');
  out.push('from torch import nn');
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
  const sample = context.sampleInputs && context.sampleInputs.length >= inputs ? context.sampleInputs : new Float32Array(inputs);
  const rows: string[] = [];
  for (let r = 0; r + inputs <= sample.length && rows.length < 5; r += inputs) {
    rows.push(`[${Array.from(sample.subarray(r, r + inputs), pythonFloat).join(', ')}]`);
  }
  out.push(`    x = torch.tensor([${rows.join(', ')}], dtype=torch.float32)`);
  out.push('    with torch.no_grad():');
  out.push('        print(model(x))');
  return out.join('\n') + '\n';
}
