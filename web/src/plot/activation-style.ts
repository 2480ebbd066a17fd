// activation-style.ts — one colour and one dash pattern per activation, the
// same wherever an activation is drawn (Explore, Compare, the lessons, the
// front door), whatever else is on show. Colours are Okabe–Ito's
// colour-blind-safe set (its yellow is left out: it cannot be read on white);
// activations sharing a colour differ in dash pattern, so every activation
// has a look of its own, also without colour.
//
// Activations often shown together get different colours: sigmoid / tanh /
// relu / gelu, relu / leaky_relu / prelu / elu (the dying-ReLU lesson),
// gelu / silu / mish, relu / softplus, tanh / softsign. Those sharing a colour
// are of one family (relu and relu6, elu and selu, gelu and its tanh form).
import type { ActivationId } from '../lib/types';

const BLUE = '#0072B2';
const VERMILLION = '#D55E00';
const GREEN = '#009E73';
const PURPLE = '#CC79A7';
const ORANGE = '#E69F00';
const SKY = '#56B4E9';
const GREY = '#999999';

const SOLID: readonly number[] = [];
const DASHED: readonly number[] = [7, 4];
const DOTTED: readonly number[] = [2, 3];

export interface ActivationStyle {
  /** A CSS hex colour (#rrggbb), so an alpha can be appended. */
  color: string;
  /** Canvas dash pattern ([] for solid). */
  dash: readonly number[];
}

export const ACTIVATION_STYLES: Readonly<Record<ActivationId, ActivationStyle>> = {
  identity: { color: GREY, dash: SOLID },
  sigmoid: { color: BLUE, dash: SOLID },
  tanh: { color: ORANGE, dash: SOLID },
  relu: { color: VERMILLION, dash: SOLID },
  relu6: { color: VERMILLION, dash: DASHED },
  leaky_relu: { color: PURPLE, dash: SOLID },
  prelu: { color: BLUE, dash: DASHED },
  elu: { color: SKY, dash: SOLID },
  selu: { color: SKY, dash: DASHED },
  gelu: { color: GREEN, dash: SOLID },
  gelu_tanh: { color: GREEN, dash: DASHED },
  silu: { color: ORANGE, dash: DASHED },
  mish: { color: PURPLE, dash: DASHED },
  softplus: { color: GREY, dash: DASHED },
  hardsigmoid: { color: BLUE, dash: DOTTED },
  hardswish: { color: ORANGE, dash: DOTTED },
  softsign: { color: GREY, dash: DOTTED },
  custom: { color: PURPLE, dash: DOTTED },
};

// An id the table does not know (a newer module) is drawn in the text colour's grey, solid.
const UNKNOWN: ActivationStyle = { color: '#5b6475', dash: SOLID };

export function isActivationId(id: string): id is ActivationId {
  return Object.prototype.hasOwnProperty.call(ACTIVATION_STYLES, id);
}

export function activationStyle(id: string): ActivationStyle {
  return isActivationId(id) ? ACTIVATION_STYLES[id] : UNKNOWN;
}

export function activationColor(id: string): string {
  return activationStyle(id).color;
}

/** A copy of the dash pattern (canvas and uPlot keep the array they are given). */
export function activationDash(id: string): number[] {
  return [...activationStyle(id).dash];
}

/** The nearest CSS border style to a dash pattern (for legends drawn with CSS). */
export function cssLineStyle(dash: readonly number[]): 'solid' | 'dashed' | 'dotted' {
  if (dash.length === 0) return 'solid';
  return dash[0] <= 3 ? 'dotted' : 'dashed';
}

/**
 * Styles for a chart's series, some of which are activations: those get their
 * own style, the others the palette's colours (widget.ts) that no activation
 * on the chart uses, solid, so no two series look alike.
 */
export function seriesStyles(activations: readonly (string | undefined)[], palette: readonly string[], dashes: readonly (readonly number[])[]): ActivationStyle[] {
  const taken = new Set(activations.filter((id): id is string => id !== undefined && isActivationId(id)).map(activationColor));
  const free = palette.filter((color) => !taken.has(color));
  let next = 0;
  return activations.map((id, index) => {
    if (id !== undefined && isActivationId(id)) return ACTIVATION_STYLES[id];
    const color = free.length > 0 ? free[next % free.length] : palette[index % palette.length];
    const dash = dashes[Math.floor(next / Math.max(1, free.length)) % dashes.length];
    next++;
    return { color, dash };
  });
}
