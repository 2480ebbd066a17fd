// saturation.ts — whether "saturated" means anything for an activation (the
// Train panel's saturated fraction per layer, Explore's shading legend). The
// rule is the C++'s (cpp/include/actlab/saturation.hpp), which the metrics
// follow and lab.activations reports as `saturation`: sigmoid-like and ELU
// saturate at a bound, ReLU6 above its clip; for the ReLU family and the
// smooth ReLUs the flat side is z < 0, where a unit is switched off — what the
// dead and inactive units chart counts, and not a problem in itself; identity
// has one slope everywhere. Where saturation does not apply the trainer
// reports null, which reads as "not applicable" too.
import type { ActivationInfo } from '../lib/types';

export type SaturationKind = 'saturates' | 'switches-off' | 'linear';

/** The kind of an activation, from its rule in the module's catalogue (a typed formula saturates). */
export function saturationKind(catalogue: readonly ActivationInfo[], id: string): SaturationKind {
  const rule = catalogue.find((info) => info.id === id)?.saturation ?? 'both';
  return rule === 'none' ? 'switches-off' : rule === 'never' ? 'linear' : 'saturates';
}

/**
 * Whether a layer's saturated fraction is shown: its activation saturates and
 * the trainer reported it as a number at least once (`reported`: the layer's
 * column so far, NaN where it came as null). A value that turns null later (a
 * diverged run) keeps the series.
 */
export function showsSaturation(kind: SaturationKind, reported: ArrayLike<number>): boolean {
  if (kind !== 'saturates') return false;
  if (reported.length === 0) return true;
  for (let i = 0; i < reported.length; i++) if (!Number.isNaN(reported[i])) return true;
  return false;
}

/** Why a layer shows no saturated fraction: the reason its kind gives ('none' when the trainer reported null for a saturating one). */
export function notApplicableReason(kind: SaturationKind): 'switches-off' | 'linear' | 'none' {
  return kind === 'saturates' ? 'none' : kind;
}
