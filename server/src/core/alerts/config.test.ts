import { describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/app';
import { addressPolicy } from '../synthetic/guard';
import { loadRulesFile } from './config';

const NOW = Date.UTC(2026, 10, 27, 12, 0);
const file = (url: string) =>
  JSON.stringify({
    defaults: false,
    channels: [
      { id: 'ops', type: 'webhook', url: 'https://hooks.example.com/sightline' },
      { id: 'internal', type: 'webhook', url },
    ],
    rules: [],
  });

describe('the rules file', () => {
  it('refuses a channel whose target the outbound policy refuses, naming it, and stores nothing', async () => {
    const { store, close } = await openTestStore();
    await expect(
      loadRulesFile(
        store,
        () => NOW,
        file('http://169.254.169.254/latest'),
        'rules.json',
        addressPolicy(false),
      ),
    ).rejects.toThrow(/^rules\.json channels\[1\]\.url: refused: .*169\.254\.169\.254/);
    expect(await store.listChannels()).toEqual([]);
    await close();
  });

  it('loads it where private targets are allowed (SIGHTLINE_ALLOW_PRIVATE_TARGETS)', async () => {
    const { store, close } = await openTestStore();
    const loaded = await loadRulesFile(
      store,
      () => NOW,
      file('http://127.0.0.1:9000/hook'),
      'rules.json',
      addressPolicy(true),
    );
    expect(loaded.channels).toEqual(['ops', 'internal']);
    await close();
  });
});
