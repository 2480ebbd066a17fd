// mount.ts — the page's tabs (Explore, Train) and the Train panel, created the
// first time its tab opens. Tabs follow the WAI-ARIA tabs pattern: one tab
// stop, arrow keys move between tabs.
import { createLab } from '../../lib';
import type { Lab } from '../../lib/types';
import { t, type MessageKey } from '../i18n';
import { TrainPanel } from './panel';

export interface PanelsHandle {
  /** Resolves with the Train panel once its tab has been opened and the module loaded. */
  trainPanel(): Promise<TrainPanel>;
  show(name: 'explore' | 'train'): void;
}

export function setupPanels(): PanelsHandle {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('.tabs [role="tab"]')];
  let trainPanel: Promise<TrainPanel> | null = null;
  let lab: Promise<Lab> | null = null;

  const openTrain = (): Promise<TrainPanel> => {
    trainPanel ??= (async () => {
      const host = document.getElementById('panel-train');
      if (!host) throw new Error('page is missing #panel-train');
      lab ??= createLab();
      try {
        const panel = new TrainPanel(host, await lab);
        // For tests and the page shell: the panel hangs on its host, as widgets hang on theirs.
        (host as HTMLElement & { actlabPanel?: TrainPanel }).actlabPanel = panel;
        document.body.dataset.trainReady = 'true';
        return panel;
      } catch (error) {
        const message = document.createElement('p');
        message.className = 'train-error';
        message.textContent = (error as Error).message;
        host.append(message);
        throw error;
      }
    })();
    return trainPanel;
  };

  const show = (name: 'explore' | 'train') => {
    for (const tab of tabs) {
      const selected = tab.dataset.panel === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (name === 'train') void openTrain().catch(() => {});
  };

  tabs.forEach((tab, index) => {
    tab.textContent = t(`tab.${tab.dataset.panel}` as MessageKey);
    tab.addEventListener('click', () => show(tab.dataset.panel as 'explore' | 'train'));
    tab.addEventListener('keydown', (event) => {
      const offset = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!offset) return;
      const next = tabs[(index + offset + tabs.length) % tabs.length];
      next.focus();
      show(next.dataset.panel as 'explore' | 'train');
    });
  });
  return { trainPanel: openTrain, show };
}
