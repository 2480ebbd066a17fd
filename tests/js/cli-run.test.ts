// cli-run.test.ts — `actlab run`: the metric stream (jsonl and csv), the
// overrides, and the exit status 2 with the validation message on stderr.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { repositoryRoot, requireBuilt } from './helpers';

const cli = `${process.env.ACTLAB_NATIVE_DIR ?? `${repositoryRoot}build/native`}/actlab`;

// The example of issue #3 and docs/config.md, shortened to 50 steps.
const EXAMPLE = {
  seed: 1,
  data: { kind: 'moons', n: 400, noise: 0.1, testFraction: 0.2 },
  model: {
    inputs: 2,
    layers: [
      { units: 16, activation: 'relu' },
      { units: 16, activation: 'leaky_relu', params: { negative_slope: 0.1 } },
    ],
    output: { units: 1, activation: 'sigmoid' },
    init: 'he_normal',
    biasInit: 0,
  },
  train: { loss: 'bce', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 32, weightDecay: 0 },
  steps: 50,
  every: 10,
};

function run(args: string[], config: unknown) {
  return spawnSync(requireBuilt(cli), ['run', '-', ...args], {
    input: typeof config === 'string' ? config : JSON.stringify(config),
    encoding: 'utf8',
  });
}

describe('actlab run', () => {
  it('streams one JSON object per line, the last with the final status', () => {
    const result = run([], EXAMPLE);
    expect(result.status).toBe(0);
    const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.step)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(records.slice(0, -1).every((r) => r.status === 'running')).toBe(true);
    expect(records.at(-1).status).toBe('done');
    expect(records.at(-1).layers).toHaveLength(3);
    expect(records.at(-1).loss).toBeLessThan(records[0].loss);
  });

  it('gives the same stream on every run', () => {
    expect(run([], EXAMPLE).stdout).toBe(run([], EXAMPLE).stdout);
  });

  it('applies --steps and --every, and lowers every with --steps alone', () => {
    const steps = (args: string[]) =>
      run(args, EXAMPLE).stdout.trim().split('\n').map((line) => JSON.parse(line).step);
    expect(steps(['--steps', '7', '--every=3'])).toEqual([0, 3, 6, 7]);
    expect(steps(['--steps=4'])).toEqual([0, 4]);
  });

  it('writes csv: a header, then one row per record with the same numbers', () => {
    const csv = run(['--format', 'csv', '--steps', '20'], EXAMPLE).stdout.trim().split('\n');
    const jsonl = run(['--steps', '20'], EXAMPLE).stdout.trim().split('\n').map((line) => JSON.parse(line));
    const header = csv[0].split(',');
    expect(header.slice(0, 7)).toEqual(['step', 'status', 'divergedAt', 'loss', 'testLoss', 'accuracy', 'testAccuracy']);
    expect(header).toContain('layers[2].gradNorm');
    expect(csv).toHaveLength(1 + jsonl.length);
    csv.slice(1).forEach((line, i) => {
      const row = Object.fromEntries(line.split(',').map((cell, k) => [header[k], cell]));
      expect(Number(row.step)).toBe(jsonl[i].step);
      expect(row.status).toBe(jsonl[i].status);
      expect(Number(row.loss)).toBe(jsonl[i].loss);
      expect(Number(row['layers[1].weightNorm'])).toBe(jsonl[i].layers[1].weightNorm);
    });
  });

  it('reports a diverged run as a result', () => {
    const result = run([], { ...EXAMPLE, train: { optimizer: { lr: 1e6 } } });
    expect(result.status).toBe(0);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(last.status).toBe('diverged');
    expect(last.divergedAt).toBeGreaterThan(0);
  });

  it('exits 2 with the validation message on a bad config or option', () => {
    const cases: [string[], unknown, string][] = [
      [[], { train: { batchSize: '32' } }, 'actlab run: train.batchSize must be an integer, got "32"\n'],
      [[], { model: { layers: [{}, {}, { units: 0 }] } }, 'actlab run: model.layers[2].units must be 1..1024, got 0\n'],
      [[], '{"steps": ', "actlab run: config is not valid JSON: parse error at line 1, column 11: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal\n"],
      [['--steps', '-1'], EXAMPLE, 'actlab run: steps must be 0..1000000, got -1\n'],
      [['--every', '0'], EXAMPLE, 'actlab run: every must be 1..50, got 0\n'],
      [['--steps', 'ten'], EXAMPLE, "actlab run: --steps must be an integer, got 'ten'\n"],
      [['--format', 'xml'], EXAMPLE, "actlab run: --format must be jsonl or csv, got 'xml'\n"],
      [['--bogus'], EXAMPLE, "actlab run: unknown option '--bogus' (see actlab run --help)\n"],
    ];
    for (const [args, config, message] of cases) {
      const result = run(args, config);
      expect(result.status, message).toBe(2);
      expect(result.stderr).toBe(message);
      expect(result.stdout).toBe('');
    }
  });

  it('exits 2 when the config file cannot be read', () => {
    const result = spawnSync(requireBuilt(cli), ['run', '/nonexistent/config.json'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("actlab run: cannot read '/nonexistent/config.json': No such file or directory\n");
  });
});
