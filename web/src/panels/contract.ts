// contract.ts — the one shape every panel has (Explore, Train, Compare, the
// lesson view), so the page shell (app/) and the embeds (embed/) build them
// the same way:
//
//   const panel = createTrainPanel(container, lab, state, { onStateChange, onMetrics }, strings);
//   panel.setState(next);      // the URL or the host changed the state
//   panel.setStrings(zh);      // re-label in another language; runs and results survive
//   panel.destroy();           // stops its runs, frees its charts, removes its DOM
//
// A panel reports every edit of its state through onStateChange (the shell
// writes the URL from it) and every metrics record of its runs through
// onMetrics (the embed turns them into events). Nothing watches a panel's DOM
// or polls it. A panel never touches the page outside its container, never
// reads the URL, and takes its words from the Strings it was given.
import type { Lab, Metrics } from '../lib/types';
import type { Strings } from '../i18n/strings';

/** A metrics record of one of the panel's runs ("train", or a lesson's run name, or "<activation>/<seed>" in Compare). */
export interface PanelMetrics {
  run: string;
  metrics: Metrics;
}

export interface PanelCallbacks<S, Done = never> {
  /** After every edit the user makes (not after setState). */
  onStateChange?: (state: S) => void;
  onMetrics?: (event: PanelMetrics) => void;
  /** When the panel's work has finished (a lesson's runs, a comparison). */
  onDone?: (result: Done) => void;
  /** A part of the state the panel could not use (e.g. a unit the network does not have), in words; the panel dropped it. */
  onMessage?: (message: string) => void;
}

export interface Panel<S> {
  /** The panel's root element, inside the container it was given. */
  readonly element: HTMLElement;
  /** A copy of the current state. */
  readonly state: S;
  setState(state: S): void;
  setStrings(strings: Strings): void;
  destroy(): void;
}

export type PanelFactory<S, P extends Panel<S> = Panel<S>, Done = never> = (
  container: HTMLElement,
  lab: Lab,
  state: S,
  callbacks: PanelCallbacks<S, Done>,
  strings: Strings,
) => P;
