// saturation.ts — whether "saturated" means anything for an activation (the
// Train panel's saturated fraction per layer, Explore's shading legend),
// decided from the activation's shape. A unit saturates when its
// input sits where the activation is flat at a level other than "off":
// sigmoid, tanh, softsign and hardsigmoid at either bound, ELU and SELU at
// −α (λα) for large negative z. For ReLU-like activations (relu, relu6,
// leaky_relu, prelu, hardswish, gelu, gelu_tanh, silu, mish, softplus) the
// flat side is z < 0, where a unit is switched off; that is what the dead and
// inactive units chart counts, and not a problem in itself. Identity has one
// slope everywhere.
//
// Today the trainer reports |f′| < 1% of its largest value for every
// activation, so the page hides the series of the layers this table marks;
// when the C++ reports saturation per family it sends null where it does not
// apply, and null reads as "not applicable" too (whatever this table says).
import type { ActivationId } from '../lib/types';

export type SaturationKind = 'saturates' | 'switches-off' | 'linear';

export const SATURATION_KINDS: Readonly<Record<ActivationId, SaturationKind>> = {
  identity: 'linear',
  sigmoid: 'saturates',
  tanh: 'saturates',
  softsign: 'saturates',
  hardsigmoid: 'saturates',
  elu: 'saturates',
  selu: 'saturates',
  relu: 'switches-off',
  relu6: 'switches-off',
  leaky_relu: 'switches-off',
  prelu: 'switches-off',
  hardswish: 'switches-off',
  gelu: 'switches-off',
  gelu_tanh: 'switches-off',
  silu: 'switches-off',
  mish: 'switches-off',
  softplus: 'switches-off',
};

export function saturationKind(id: string): SaturationKind {
  return (SATURATION_KINDS as Record<string, SaturationKind | undefined>)[id] ?? 'saturates';
}

/**
 * Whether a layer's saturated fraction is shown: its activation saturates
 * (by the table) and the trainer reported it as a number at least once
 * (`reported`: the layer's column so far, NaN where it came as null). A
 * value that turns null later (a diverged run) keeps the series.
 */
export function showsSaturation(id: string, reported: ArrayLike<number>): boolean {
  if (saturationKind(id) !== 'saturates') return false;
  if (reported.length === 0) return true;
  for (let i = 0; i < reported.length; i++) if (!Number.isNaN(reported[i])) return true;
  return false;
}

/** Why a layer shows no saturated fraction: the reason its kind gives ('none' when the trainer reported null for a saturating one). */
export function notApplicableReason(id: string): 'switches-off' | 'linear' | 'none' {
  const kind = saturationKind(id);
  return kind === 'saturates' ? 'none' : kind;
}
