// main.ts — the page's controller: loads the wasm module (SIMD where the
// browser has it), keeps the one PageState, and on every change recomputes the
// curves with the module and hands them to the chart and the panels.
import { ActivationLibrary } from '../lib/activations';
import { loadModule } from '../lib/loader';
import { CurveChart, type Curve } from '../plot/curve-chart';
import { activationColor } from './colors';
import { ActivationPicker, DetailsPanel, RangeControls } from './panels';
import {
  defaultState,
  sampleGrid,
  withParam,
  withRange,
  withSelected,
  withShowDerivative,
  type PageState,
} from './state';
import './styles.css';
import { setupPanels } from './train/mount';

function requireElement(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`page is missing #${id}`);
  return found;
}

function curvesFor(library: ActivationLibrary, state: PageState, grid: Float32Array): Curve[] {
  const curves: Curve[] = [];
  library.activations.forEach((info, index) => {
    if (!state.selected.includes(info.id)) return;
    const { y, dydz } = library.evaluate(info.id, grid, state.params[info.id]);
    const color = activationColor(index);
    curves.push({ label: info.name, values: y, color });
    if (state.showDerivative) curves.push({ label: `${info.name} f′`, values: dydz, color, dashed: true });
  });
  return curves;
}

async function main(): Promise<void> {
  setupPanels();
  const status = requireElement('engine-status');
  let library: ActivationLibrary;
  try {
    library = new ActivationLibrary(await loadModule());
  } catch (error) {
    status.textContent = `Could not load the WebAssembly module: ${(error as Error).message}`;
    status.classList.add('error');
    return;
  }
  status.textContent = library.simd ? 'WebAssembly SIMD128 kernels' : 'WebAssembly scalar kernels (no SIMD in this browser)';
  status.classList.add(library.simd ? 'simd' : 'scalar');

  const catalogue = library.activations;
  let state = defaultState(catalogue);
  const chart = new CurveChart(requireElement('chart'), { xLabel: 'z', yLabel: 'f(z), f′(z)' });
  const message = requireElement('message');

  const setState = (next: PageState) => {
    state = next;
    render();
  };
  const picker = new ActivationPicker(requireElement('activation-list'), catalogue, (id, on) =>
    setState(withSelected(state, catalogue, id, on)),
  );
  const range = new RangeControls(
    requireElement('range-controls'),
    (zMin, zMax) => setState(withRange(state, zMin, zMax)),
    (show) => setState(withShowDerivative(state, show)),
  );
  const details = new DetailsPanel(requireElement('details'), catalogue, (id, name, value) =>
    setState(withParam(state, id, name, value)),
  );

  function render(): void {
    picker.update(state);
    range.update(state);
    details.update(state);
    try {
      const grid = sampleGrid(state);
      chart.setData(grid, curvesFor(library, state, grid));
      message.textContent = '';
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  }

  render();
  document.body.dataset.ready = 'true';
}

void main();
