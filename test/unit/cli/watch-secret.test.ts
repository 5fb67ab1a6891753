/** `watch add` takes the signing secret from a file, the environment or a prompt, never argv (issue 11, L7). */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSettings } from '../../../config/settings.ts';
import { CliError } from '../../../src/cli/cli-error.ts';
import { readWatchSecret, runWatch } from '../../../src/cli/commands/watch.ts';

const io = { out: () => {}, err: () => {}, isTty: false };

describe('L7: watch add never takes the secret from argv', () => {
  it('L7: --secret VALUE is refused before anything is saved, naming the safe ways', async () => {
    // A dead Elasticsearch: had the command gone on, it would fail differently (and save nothing anywhere).
    const saved = { ...process.env };
    Object.assign(process.env, { ELASTICSEARCH_URL: 'http://127.0.0.1:1', CLAIMWIRE_INDEX_PREFIX: 'cwt-l7-none' });
    try {
      await assert.rejects(
        runWatch(['add', 'APT10', '--webhook', 'https://hooks.example/x', '--secret', 's3cr3t-value'], io),
        (e: unknown) =>
          e instanceof CliError &&
          e.code === 'usage' &&
          /--secret-file PATH, --secret-env \(CLAIMWIRE_WATCH_SECRET\) or --secret-prompt/.test(e.message) &&
          !e.message.includes('s3cr3t-value'),
      );
    } finally {
      process.env = saved;
    }
  });

  it('L7: the secret comes from a file (trailing newline dropped), stdin, or CLAIMWIRE_WATCH_SECRET', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cw-l7-'));
    try {
      const file = path.join(dir, 'secret');
      await writeFile(file, 'from-a-file-0123\n');
      const settings = loadSettings({ CLAIMWIRE_WATCH_SECRET: 'from-the-env-0123' });
      assert.equal(await readWatchSecret({ 'secret-file': file }, settings, io), 'from-a-file-0123');
      assert.equal(
        await readWatchSecret({ 'secret-file': '-' }, settings, io, async () => 'piped-0123\r\n'),
        'piped-0123',
      );
      assert.equal(await readWatchSecret({ 'secret-env': true }, settings, io), 'from-the-env-0123');
      assert.equal(await readWatchSecret({}, settings, io), undefined, 'no secret asked for: an unsigned watch');
      await assert.rejects(readWatchSecret({ 'secret-env': true }, loadSettings({}), io), /not set/);
      await assert.rejects(readWatchSecret({ 'secret-env': true, 'secret-file': file }, settings, io), /one of/);
      await writeFile(file, '\n');
      await assert.rejects(readWatchSecret({ 'secret-file': file }, settings, io), /empty/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
