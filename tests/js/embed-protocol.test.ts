// embed-protocol.test.ts — the iframe embed's hash and postMessage commands
// (web/src/shared/embed-protocol.ts) accept exactly the documented shapes, and the
// embed snippets (embed-code.ts) escape what they quote.
import { describe, expect, test } from 'vitest';

import { elementSnippet, iframeSnippet } from '../../web/src/shared/embed-code';
import { acceptsSender, embedHash, MAX_CONFIG_TEXT, parseCommand, parseEmbedHash } from '../../web/src/shared/embed-protocol';
import { siteBaseUrl } from '../../web/src/app/share';

describe('parseCommand', () => {
  test('the documented commands', () => {
    expect(parseCommand({ type: 'activation-lab:play' })).toEqual({ type: 'activation-lab:play' });
    expect(parseCommand({ type: 'activation-lab:pause', extra: 1 })).toEqual({ type: 'activation-lab:pause' });
    expect(parseCommand({ type: 'activation-lab:load', lesson: 'dying-relu' })).toEqual({ type: 'activation-lab:load', lesson: 'dying-relu' });
    expect(parseCommand({ type: 'activation-lab:load', config: { seed: 2 } })).toEqual({ type: 'activation-lab:load', config: '{"seed":2}' });
    expect(parseCommand({ type: 'activation-lab:load', config: '{"seed":2}' })).toEqual({ type: 'activation-lab:load', config: '{"seed":2}' });
  });

  test('anything else is refused', () => {
    const refused: unknown[] = [
      null, undefined, 'activation-lab:play', 42, [], [{ type: 'activation-lab:play' }],
      { type: 'activation-lab:stop' }, { type: 'play' }, { type: 5 }, {},
      { type: 'activation-lab:load' },
      { type: 'activation-lab:load', lesson: 'a', config: {} },
      { type: 'activation-lab:load', lesson: 5 },
      { type: 'activation-lab:load', lesson: 'x'.repeat(65) },
      { type: 'activation-lab:load', config: [1, 2] },
      { type: 'activation-lab:load', config: null },
      { type: 'activation-lab:load', config: 'x'.repeat(MAX_CONFIG_TEXT + 1) },
      { type: 'activation-lab:load', config: new Date() },
      Object.assign(Object.create({ inherited: true }), { type: 'activation-lab:play' }),
    ];
    for (const data of refused) expect(parseCommand(data)).toBeNull();
  });

  test('senders: the parent only, and its pinned origin when the hash gives one', () => {
    expect(acceptsSender('*', 'https://a.example', true)).toBe(true);
    expect(acceptsSender('*', 'https://a.example', false)).toBe(false);
    expect(acceptsSender('https://course.example', 'https://course.example', true)).toBe(true);
    expect(acceptsSender('https://course.example', 'https://evil.example', true)).toBe(false);
  });
});

describe('embed hash', () => {
  test('round trip and origin pinning', () => {
    const attributes = { lesson: 'dying-relu', lang: 'zh', panels: 'lesson,train', controls: 'minimal', config: '{"seed":1,"data":{"kind":"xor"}}' };
    expect(parseEmbedHash(embedHash(attributes))).toEqual({ attributes, parentOrigin: '*' });
    expect(parseEmbedHash('#lesson=x&origin=https://course.example/path').parentOrigin).toBe('https://course.example');
    expect(parseEmbedHash('#origin=javascript:alert(1)').parentOrigin).toBe('*');
    expect(parseEmbedHash('#origin=not a url').parentOrigin).toBe('*');
    expect(parseEmbedHash('#unknown=1&lesson=a').attributes).toEqual({ lesson: 'a' });
  });
});

describe('embed snippets', () => {
  test('both forms, with attribute values escaped', () => {
    const target = { baseUrl: 'https://lab.example/sub/', config: { seed: 1, data: { kind: 'moons' as const } }, lang: 'zh' as const, panels: 'train' };
    const element = elementSnippet(target);
    expect(element).toBe(
      '<script type="module" src="https://lab.example/sub/activation-lab.js"></script>\n' +
        '<activation-lab config="{&quot;seed&quot;:1,&quot;data&quot;:{&quot;kind&quot;:&quot;moons&quot;}}" panels="train" lang="zh" height="600"></activation-lab>',
    );
    const iframe = iframeSnippet({ baseUrl: 'https://lab.example/sub/', lesson: 'dying-relu', lang: 'en', height: 500 });
    expect(iframe).toBe('<iframe src="https://lab.example/sub/embed.html#lesson=dying-relu&amp;lang=en" title="Activation Lab" width="100%" height="500" loading="lazy"></iframe>');
    expect(elementSnippet({ baseUrl: 'x/', lesson: '"><script>' })).not.toContain('"><script>');
  });

  test('the site base is the page directory, without query or hash', () => {
    expect(siteBaseUrl('https://lab.example/course/lab/index.html?x=1#v=1&lesson=a')).toBe('https://lab.example/course/lab/');
    expect(siteBaseUrl('https://lab.example/course/lab/')).toBe('https://lab.example/course/lab/');
  });
});
