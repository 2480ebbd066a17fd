// main.ts — the page shell: loads one Lab (SIMD where the browser has it) for
// every panel, keeps the whole state in the URL hash, and routes:
//
//   #v=1                    the front door (home.ts): lessons and tools
//   #v=1&panel=train        a tool: Explore, Train or Compare (tabs)
//   #v=1&lesson=dying-relu  a lesson, at the top of the screen
//   …&lang=zh               the language, which wins over the reader's stored choice
//
// Moving between routes pushes a history entry (Back and Forward work); edits
// inside a panel replace the current one. Nothing reloads: opening a lesson or
// switching language leaves the Train and Compare panels, and a run in
// progress, as they are. Panels are built the first time their route opens and
// then kept; they report edits through their callbacks (panels/contract.ts).
// Nothing from the URL ever reaches the page as HTML: errors are shown with
// textContent.
import { createLab } from '../lib';
import type { ExperimentConfig, Lab } from '../lib/types';
import { isLanguage, LANGUAGES, stringsFor, type Language, type MessageKey, type Strings } from '../i18n/strings';
import { LESSON_IDS, type LessonId } from '../lessons/catalogue';
import type { ComparePanel } from '../panels/compare/panel';
import type { ExplorePanel } from '../panels/explore/panel';
import type { LessonPanel } from '../panels/lesson/panel';
import type { TrainPanel } from '../panels/train/panel';
import { lacksCustomData, loadDataset, pendingDataset, withLocalData } from '../panels/data/datasets';
import { element } from '../shared/dom';
import { HomeView } from './home';
import { preferredLanguage, rememberLanguage } from './language';
import { embedTargetOf, ShareBox, siteBaseUrl } from './share';
import { defaultAppState, parseState, serializeState, stateParts, type AppState, type Expected, type PanelName, type StateError } from './state';
import '../plot/plot.css';
import './styles.css';

// Each panel's code loads when its route first opens (the front door needs
// none of it), or at once when the link names that route.
const PANEL_CODE = {
  explore: () => import('../panels/explore/panel'),
  train: () => import('../panels/train/panel'),
  compare: () => import('../panels/compare/panel'),
  lesson: () => import('../panels/lesson/panel'),
};
type PanelCode = keyof typeof PANEL_CODE;
const panelCode = new Map<PanelCode, Promise<unknown>>();
function loadPanel<K extends PanelCode>(name: K): ReturnType<(typeof PANEL_CODE)[K]> {
  let code = panelCode.get(name);
  if (!code) {
    code = PANEL_CODE[name]();
    panelCode.set(name, code);
  }
  return code as ReturnType<(typeof PANEL_CODE)[K]>;
}

// Hash writes wait for edits to settle (a slider drag is many edits).
const HASH_WRITE_DELAY_MS = 150;
const TOOLS = ['explore', 'train', 'compare'] as const;
type Tool = (typeof TOOLS)[number];

function requireElement<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`page is missing #${id}`);
  return found as T;
}

/** The language a hash asks for, read before the module (and the full parser) is there. */
function hashLanguage(hash: string): Language | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('lang');
  return isLanguage(value) ? value : undefined;
}

// ----------------------------------------------------- state messages ---

function describeExpected(expected: Expected, t: Strings['t']): string {
  switch (expected.type) {
    case 'number':
    case 'integer': {
      const ranged = expected.min !== undefined && expected.max !== undefined;
      const key = `state.expected.${expected.type}${ranged ? 'Range' : ''}` as MessageKey;
      return t(key, { min: expected.min ?? '', max: expected.max ?? '' });
    }
    case 'boolean':
      return t('state.expected.boolean');
    case 'one-of':
      return t('state.expected.oneOf', { values: expected.values.join(', ') });
    case 'list':
      return t('state.expected.list', { min: expected.min, max: expected.max, values: expected.values.join(', ') });
    case 'layers':
      return t('state.expected.layers');
    case 'params':
      return t('state.expected.params');
    case 'formula':
      return t('state.expected.formula', { max: expected.maxLength });
    case 'unit':
      return t('state.expected.unit');
    case 'points':
      return t('state.expected.points', { max: expected.max });
  }
}

export function describeError(error: StateError, t: Strings['t']): string {
  const field = error.field;
  switch (error.problem) {
    case 'version': return t('state.error.version', { field });
    case 'unknown': return t('state.error.unknown', { field });
    case 'duplicate': return t('state.error.duplicate', { field });
    case 'encoding': return t('state.error.encoding', { field });
    case 'syntax': return t('state.error.syntax', { field });
    case 'too-long': return t('state.error.tooLong');
    case 'invalid': {
      const expected = error.expected ? describeExpected(error.expected, t) : '?';
      if (error.value === undefined) return t('state.error.invalid', { field, expected });
      const values = error.expected?.type === 'one-of' ? error.expected.values.join(', ') : expected;
      if (field === 'lesson') return t('state.error.lesson', { value: error.value, expected: values });
      if (field === 'lang') return t('state.error.lang', { value: error.value, expected: values });
      // The module's own words first when it gave them (a formula's column).
      if (error.detail !== undefined) return t('state.error.invalidDetail', { field, value: error.value, detail: error.detail, expected });
      return t('state.error.invalidValue', { field, value: error.value, expected });
    }
  }
}

// --------------------------------------------------------------- shell ---

class Shell {
  readonly #lab: Lab;
  readonly #state: AppState;
  readonly #tabs: HTMLButtonElement[];
  readonly #share: ShareBox;
  #strings: Strings;
  #home: HomeView;
  #explore: ExplorePanel | null = null;
  #train: TrainPanel | null = null;
  #compare: ComparePanel | null = null;
  #lesson: LessonPanel | null = null;
  #lessonNav: HTMLElement | null = null;
  #errors: readonly StateError[];
  #configMessage: string | null;
  /** What panels said they could not use (onMessage), until the next link. */
  #notes: readonly string[] = [];
  #hashTimer = 0;
  #writtenHash = '';

  constructor(lab: Lab, state: AppState, strings: Strings, errors: readonly StateError[], configMessage: string | null) {
    this.#lab = lab;
    this.#state = state;
    this.#strings = strings;
    this.#errors = errors;
    this.#configMessage = configMessage;
    this.#share = new ShareBox(requireElement('share'), strings);
    this.#home = this.#buildHome();
    this.#tabs = [...document.querySelectorAll<HTMLButtonElement>('.tabs [role="tab"]')];
    this.#setUpTabs();
    this.#setUpHeader();
    this.#showMessages();
    this.#render(false);
    this.#writeHash('replace');
    window.addEventListener('popstate', () => this.#followUrl());
    // A pasted or edited link (the page's own writes use pushState / replaceState and fire nothing).
    window.addEventListener('hashchange', () => {
      if (location.hash !== this.#writtenHash) this.#followUrl();
    });
  }

  get state(): AppState {
    return this.#state;
  }

  get strings(): Strings {
    return this.#strings;
  }

  /** The experiment as Train shows it (or as restored, before Train was opened). */
  experiment(): ExperimentConfig {
    return this.#train ? this.#train.config : structuredClone(this.#state.experiment);
  }

  /** Goes to a tool or the front door: a new history entry. */
  openPanel(panel: PanelName, focus = false): void {
    if (this.#state.panel === panel && this.#state.lesson === undefined) return;
    this.#state.panel = panel;
    this.#state.lesson = undefined;
    this.#render(focus);
    this.#writeHash('push');
  }

  /** Opens a lesson at the top of the screen: a new history entry; Train and Compare are left as they are. */
  openLesson(id: LessonId): void {
    if (this.#state.lesson === id) return;
    this.#state.lesson = id;
    this.#render(false);
    this.#writeHash('push');
    requireElement('panel-lesson').focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }

  /** Re-labels the page in another language; panels keep their state and runs. */
  setLanguage(language: Language, chosenByReader: boolean): void {
    if (chosenByReader) rememberLanguage(language);
    this.#state.lang = language;
    if (language === this.#strings.lang) {
      this.#writeHash('replace');
      return;
    }
    this.#strings = stringsFor(language);
    applyStaticText(this.#strings);
    (requireElement('language') as HTMLSelectElement).value = language;
    this.#home.destroy();
    this.#home = this.#buildHome();
    this.#share.setStrings(this.#strings);
    for (const panel of [this.#explore, this.#train, this.#compare, this.#lesson]) panel?.setStrings(this.#strings);
    this.#renderLessonNav();
    this.#showMessages();
    this.#showEngineStatus();
    this.#writeHash('replace');
  }

  scheduleHashWrite(): void {
    clearTimeout(this.#hashTimer);
    this.#hashTimer = window.setTimeout(() => this.#writeHash('replace'), HASH_WRITE_DELAY_MS);
  }

  /** Writes the hash now (pending edits included). */
  writeHashNow(): void {
    this.#writeHash('replace');
  }

  #writeHash(how: 'push' | 'replace'): void {
    clearTimeout(this.#hashTimer);
    if (this.#train) this.#state.experiment = this.#train.config;
    const hash = serializeState(this.#state, this.#lab);
    if (hash === this.#writtenHash && how === 'replace') return;
    if (how === 'push' && hash === location.hash) return;
    this.#writtenHash = hash;
    if (how === 'push') history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
    document.body.dataset.hash = hash;
  }

  /** Back, Forward or an edited link: show what the URL says, touching only what changed. */
  #followUrl(): void {
    const catalogue = this.#lab;
    const { state: next, errors } = parseState(location.hash, catalogue);
    this.#writtenHash = location.hash;
    this.#errors = errors;
    this.#configMessage = null;
    this.#notes = [];
    if (errors.some((error) => error.problem === 'version' || error.problem === 'too-long')) {
      // Not a link of this format: keep everything as it is, and say so.
      this.#showMessages();
      return;
    }
    if (next.lang && next.lang !== this.#strings.lang) this.setLanguage(next.lang, false);
    const now = stateParts({ ...this.#state, experiment: this.experiment() }, catalogue);
    const wanted = stateParts(next, catalogue);
    if (wanted.explore !== now.explore) {
      this.#state.explore = next.explore;
      this.#explore?.setState(next.explore);
    }
    if (wanted.experiment !== now.experiment) {
      next.experiment = withLocalData(next.experiment);
      if (lacksCustomData(next.experiment)) {
        this.#configMessage = this.#strings.t('state.error.noLocalData');
      } else {
        try {
          // A dataset not loaded yet is checked by the Train panel's run, after its load.
          if (!pendingDataset(this.#lab, next.experiment)) this.#lab.createExperiment(next.experiment).dispose();
          this.#state.experiment = next.experiment;
          this.#state.unit = next.unit;
          this.#train?.setState({ config: next.experiment, unit: next.unit ?? null });
        } catch (error) {
          this.#configMessage = this.#strings.t('state.error.config', { message: (error as Error).message });
        }
      }
    }
    if (wanted.compare !== now.compare) this.#state.compare = next.compare;
    if (wanted.experiment !== now.experiment || wanted.compare !== now.compare) {
      this.#compare?.setState({ compare: this.#state.compare, experiment: this.#state.experiment });
    }
    if (JSON.stringify(next.unit) !== JSON.stringify(this.#state.unit)) {
      this.#state.unit = next.unit;
      if (wanted.experiment === now.experiment) this.#train?.setState({ config: this.experiment(), unit: next.unit ?? null });
    }
    this.#state.panel = next.panel;
    this.#state.lesson = next.lesson;
    this.#showMessages();
    this.#render(false);
  }

  // ------------------------------------------------------------ routes ---

  #render(focus: boolean): void {
    const lesson = this.#state.lesson;
    const panel = this.#state.panel;
    // The lesson route belongs to the front door's tab.
    const selectedTab = lesson ? 'home' : panel;
    for (const tab of this.#tabs) {
      const selected = tab.dataset.panel === selectedTab;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus) tab.focus();
    }
    requireElement('panel-home').hidden = lesson !== undefined || panel !== 'home';
    requireElement('panel-lesson').hidden = lesson === undefined;
    for (const tool of TOOLS) requireElement(`panel-${tool}`).hidden = lesson !== undefined || panel !== tool;
    document.body.dataset.panel = lesson ? 'lesson' : panel;
    if (lesson) this.#openLessonRoute(lesson);
    else if (panel !== 'home') this.#openTool(panel);
  }

  #openTool(tool: Tool): void {
    if (tool === 'explore') void this.#openExplore();
    else if (tool === 'train') void this.#openTrain();
    else void this.#openCompare();
  }

  #building = new Set<string>();

  /** Builds a panel once: its code loads first, and a second request while it does is the same one. */
  async #buildOnce(name: string, build: () => Promise<void>): Promise<void> {
    if (this.#building.has(name)) return;
    this.#building.add(name);
    try {
      await build();
    } catch (error) {
      this.#building.delete(name);
      this.#configMessage = (error as Error).message;
      this.#showMessages();
    }
  }

  async #openExplore(): Promise<void> {
    await this.#buildOnce('explore', async () => {
      const { ExplorePanel } = await loadPanel('explore');
      const host = requireElement('panel-explore');
      this.#explore = new ExplorePanel(host, this.#lab, this.#state.explore, {
        onStateChange: (explore) => {
          this.#state.explore = explore;
          this.scheduleHashWrite();
        },
      }, this.#strings);
      (host as HTMLElement & { actlabPanel?: ExplorePanel }).actlabPanel = this.#explore;
    });
  }

  async #openTrain(): Promise<void> {
    await this.#buildOnce('train', async () => {
      const { TrainPanel } = await loadPanel('train');
      const host = requireElement('panel-train');
      this.#train = new TrainPanel(host, this.#lab, { config: this.#state.experiment, unit: this.#state.unit ?? null }, {
        onStateChange: ({ config, unit }) => {
          this.#state.experiment = config;
          this.#state.unit = unit ?? undefined;
          this.#compare?.setState({ compare: this.#state.compare, experiment: config });
          this.scheduleHashWrite();
        },
        onMessage: (message) => {
          this.#notes = [...this.#notes, message];
          this.#showMessages();
        },
      }, this.#strings);
      // For tests and tools: the panel hangs on its host, as widgets hang on theirs.
      (host as HTMLElement & { actlabPanel?: TrainPanel }).actlabPanel = this.#train;
      document.body.dataset.trainReady = 'true';
    });
  }

  async #openCompare(): Promise<void> {
    await this.#buildOnce('compare', async () => {
      const { ComparePanel } = await loadPanel('compare');
      const host = requireElement('panel-compare');
      this.#compare = new ComparePanel(host, this.#lab, { compare: this.#state.compare, experiment: this.experiment() }, {
        onStateChange: (view) => {
          this.#state.compare = view.compare;
          this.scheduleHashWrite();
        },
      }, this.#strings);
      (host as HTMLElement & { actlabPanel?: ComparePanel }).actlabPanel = this.#compare;
    });
  }

  #openLessonRoute(id: LessonId): void {
    const host = requireElement('panel-lesson');
    if (!this.#lessonNav) {
      this.#lessonNav = element('nav', 'lesson-route');
      host.append(this.#lessonNav);
    }
    this.#renderLessonNav();
    host.setAttribute('aria-label', this.#strings.t(`lesson.${id}.title` as MessageKey));
    if (this.#lesson) {
      if (this.#lesson.state.lesson !== id) this.#lesson.setState({ lesson: id });
      return;
    }
    void this.#buildOnce('lesson', async () => {
      const { LessonPanel } = await loadPanel('lesson');
      const lessonHost = element('div', 'lesson-host');
      host.append(lessonHost);
      // The route may have moved on to another lesson while the code loaded.
      this.#lesson = new LessonPanel(lessonHost, this.#lab, { lesson: this.#state.lesson ?? id }, {}, this.#strings);
      (host as HTMLElement & { actlabLesson?: LessonPanel }).actlabLesson = this.#lesson;
    });
  }

  /** "All lessons", the lesson's place in the course and links to its neighbours. */
  #renderLessonNav(): void {
    const nav = this.#lessonNav;
    const id = this.#state.lesson;
    if (!nav || !id) return;
    const t = this.#strings.t;
    nav.setAttribute('aria-label', t('lessons.nav'));
    const index = LESSON_IDS.indexOf(id);
    const link = (text: string, className: string, target: () => void, href: string) => {
      const anchor = element('a', className, text);
      anchor.href = href;
      anchor.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        target();
      });
      return anchor;
    };
    const parts: HTMLElement[] = [
      link(`← ${t('lesson.back')}`, 'lesson-back', () => this.openPanel('home', false), this.#hrefFor({ panel: 'home', lesson: undefined })),
      element('span', 'lesson-position', t('lesson.position', { index: index + 1, count: LESSON_IDS.length })),
    ];
    const previous = LESSON_IDS[index - 1];
    const next = LESSON_IDS[index + 1];
    if (previous) parts.push(link(t('lesson.previous', { title: t(`lesson.${previous}.title` as MessageKey) }), 'lesson-previous', () => this.openLesson(previous), this.#hrefFor({ lesson: previous })));
    if (next) parts.push(link(t('lesson.next', { title: t(`lesson.${next}.title` as MessageKey) }), 'lesson-next', () => this.openLesson(next), this.#hrefFor({ lesson: next })));
    nav.replaceChildren(...parts);
  }

  /** The full link of the current state with a different route. */
  #hrefFor(route: { panel?: PanelName; lesson?: LessonId | undefined }): string {
    const state: AppState = { ...this.#state, experiment: this.experiment(), ...route };
    return serializeState(state, this.#lab);
  }

  #buildHome(): HomeView {
    return new HomeView(requireElement('panel-home'), this.#lab, this.#strings, {
      lessonHref: (id) => this.#hrefFor({ lesson: id }),
      panelHref: (panel) => this.#hrefFor({ panel, lesson: undefined }),
      openLesson: (id) => this.openLesson(id),
      openPanel: (panel) => this.openPanel(panel, false),
    });
  }

  #setUpTabs(): void {
    this.#tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => this.openPanel(tab.dataset.panel as PanelName, false));
      tab.addEventListener('keydown', (event) => {
        const last = this.#tabs.length - 1;
        const target =
          event.key === 'ArrowRight' ? (index + 1) % this.#tabs.length
          : event.key === 'ArrowLeft' ? (index + last) % this.#tabs.length
          : event.key === 'Home' ? 0
          : event.key === 'End' ? last
          : -1;
        if (target < 0) return;
        event.preventDefault();
        this.openPanel(this.#tabs[target].dataset.panel as PanelName, true);
      });
    });
  }

  #setUpHeader(): void {
    requireElement('home-link').addEventListener('click', (event) => {
      event.preventDefault();
      this.openPanel('home', false);
    });
    requireElement('copy-link').addEventListener('click', () => {
      this.#writeHash('replace');
      void this.#share.copyLink(location.href);
    });
    requireElement('embed-copy').addEventListener('click', () => {
      const target = embedTargetOf(this.#state, this.experiment(), siteBaseUrl(location.href), this.#strings.lang);
      void this.#share.copyEmbed(target);
    });
  }

  #showEngineStatus(): void {
    const status = requireElement('engine-status');
    status.textContent = this.#strings.t(this.#lab.simd ? 'app.engine.simd' : 'app.engine.scalar');
  }

  #showMessages(): void {
    const box = requireElement('state-errors');
    const t = this.#strings.t;
    const children: HTMLElement[] = [];
    if (this.#errors.length > 0) {
      const list = element('ul');
      for (const error of this.#errors) list.append(element('li', undefined, describeError(error, t)));
      children.push(element('p', undefined, t('state.error.title')), list);
    }
    if (this.#configMessage) children.push(element('p', undefined, this.#configMessage));
    for (const note of this.#notes) children.push(element('p', undefined, note));
    box.replaceChildren(...children);
    box.hidden = children.length === 0;
    if (children.length > 0) document.body.dataset.stateErrors = String(this.#errors.length + (this.#configMessage ? 1 : 0) + this.#notes.length);
    else delete document.body.dataset.stateErrors;
  }
}

// ---------------------------------------------------------------- page ---

function applyStaticText(strings: Strings): void {
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = strings.t(node.dataset.i18n as MessageKey);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    node.setAttribute('aria-label', strings.t(node.dataset.i18nLabel as MessageKey));
  }
  document.title = strings.t('app.title');
  document.documentElement.lang = strings.htmlLang;
}

function setUpLanguageSwitch(language: Language, onChange: (language: Language) => void): void {
  const select = requireElement<HTMLSelectElement>('language');
  for (const { code, name, htmlLang } of LANGUAGES) {
    const option = element('option', undefined, name);
    option.value = code;
    option.lang = htmlLang;
    select.append(option);
  }
  select.value = language;
  select.addEventListener('change', () => {
    if (isLanguage(select.value)) onChange(select.value);
  });
}

async function main(): Promise<void> {
  // The module starts loading at once, and so does the code of the route the
  // link names; the labels need only the language.
  const labPromise = createLab();
  const linkParams = new URLSearchParams(location.hash.replace(/^#/, ''));
  const linkPanel = linkParams.get('lesson') ? 'lesson' : linkParams.get('panel');
  if (linkPanel === 'explore' || linkPanel === 'train' || linkPanel === 'compare' || linkPanel === 'lesson') void loadPanel(linkPanel).catch(() => {});
  let language: Language = hashLanguage(location.hash) ?? preferredLanguage();
  let shell: Shell | null = null;
  applyStaticText(stringsFor(language));
  // Set up first, so the switch works even when the module fails to load.
  setUpLanguageSwitch(language, (chosen) => {
    if (shell) shell.setLanguage(chosen, true);
    else {
      language = chosen;
      rememberLanguage(chosen);
      applyStaticText(stringsFor(chosen));
    }
  });
  const status = requireElement('engine-status');
  let lab: Lab;
  try {
    lab = await labPromise;
  } catch (error) {
    status.textContent = stringsFor(language).t('app.engine.failed', { message: (error as Error).message });
    status.classList.add('error');
    return;
  }
  const strings = stringsFor(language);
  status.textContent = strings.t(lab.simd ? 'app.engine.simd' : 'app.engine.scalar');
  status.classList.add(lab.simd ? 'simd' : 'scalar');
  document.body.dataset.simd = String(lab.simd);

  const { state, errors } = parseState(location.hash, lab);
  state.lang = language;
  // Custom data the link cannot carry (CSV, large drawn sets) is in this browser; a dataset loaded on demand is fetched first.
  state.experiment = withLocalData(state.experiment);
  const pending = pendingDataset(lab, state.experiment);
  if (pending) await loadDataset(lab, pending).catch(() => {}); // a failed load is the check's message below
  // The URL parser checks types; the experiment's ranges are checked once, in
  // C++, when the link names an experiment of its own (the default one is valid).
  let configMessage: string | null = null;
  const defaults = defaultAppState(lab);
  if (lacksCustomData(state.experiment)) {
    configMessage = strings.t('state.error.noLocalData');
    state.experiment = defaults.experiment;
  } else if (stateParts(state, lab).experiment !== stateParts(defaults, lab).experiment) {
    try {
      lab.createExperiment(state.experiment).dispose();
    } catch (error) {
      configMessage = strings.t('state.error.config', { message: (error as Error).message });
      state.experiment = defaults.experiment;
    }
  }
  shell = new Shell(lab, state, strings, errors, configMessage);
  (window as Window & { actlabPage?: Shell }).actlabPage = shell;
  document.body.dataset.ready = 'true';
}

void main();
