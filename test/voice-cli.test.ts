import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-voice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[], stdinLines: string[] = []) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    isTTY: false,
    stdinLines: async function* () {
      yield* stdinLines;
    },
  });
  return { code, out, err: err.join('\n') };
};

/** Contact reasons phrased several ways; a comma inside a quoted cell, as spreadsheets write. */
const REASONS: Record<string, string[]> = {
  card_arrival: [
    'my card has not arrived yet',
    'where is my new card',
    '"still waiting for the card, it has been weeks"',
    'card hasnt come in the post',
    'when will my card be delivered',
    'how long does card delivery take',
    'the card you sent never arrived',
    'is my card on its way',
    'track my card delivery',
    'no card in the mail yet',
  ],
  refund: [
    'i want my money back',
    'how do I get a refund',
    'refund the item I returned',
    'can you refund my order please',
    'the shop has not refunded me',
    '"requesting a refund, purchase was faulty"',
    'refund still missing',
    'when do I receive my refund',
    'refund for a cancelled order',
    'give me a refund now',
  ],
  pin: [
    'I forgot my pin',
    'how do i change my PIN',
    'my pin is blocked',
    'reset the pin code',
    'where can I see my pin number',
    'pin not working at the atm',
    'unblock my pin',
    'new pin please',
    'pin locked after three tries',
    'what is my pin',
  ],
};

function writeCsv(name: string, header: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
  return file;
}

describe('waymark sentiment', () => {
  it('prints one JSON score and label per input line, empty lines included', async () => {
    const res = await run(['sentiment'], ['The agent was very helpful!', '', 'Awful wait :(']);
    expect(res.code).toBe(0);
    const lines = res.out.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ label: 'positive' });
    expect(lines[1]).toEqual({ score: 0, label: 'neutral' });
    expect(lines[2].label).toBe('negative');
    expect(lines[2].score).toBeGreaterThanOrEqual(-1);
  });

  it('reads standard input when run as a program', async () => {
    const child = execFile(process.execPath, [path.resolve('bin/waymark.js'), 'sentiment']);
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stdin!.end('I love it\nI hate it\r\nmeh');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
    const labels = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).label);
    expect(labels).toEqual(['positive', 'negative', 'negative']);
  });
});

describe('waymark intents', () => {
  const trainFile = writeCsv(
    'train.csv',
    'message,reason',
    Object.entries(REASONS).flatMap(([reason, texts]) => texts.map((t) => `${t},${reason}`)),
  );
  const model = path.join(dir, 'model.json');

  it('trains, reports held-out accuracy and writes a model that classifies new messages', async () => {
    const res = await run([
      'intents',
      'train',
      '--file',
      trainFile,
      '--text-column',
      'message',
      '--label-column',
      'reason',
      '--model',
      model,
      '--json',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.out[0]!);
    expect(summary).toMatchObject({ rows: 30, labels: 3, holdout: { share: 0.2, rows: 6 } });
    expect(summary.holdout.accuracy).toBeGreaterThanOrEqual(0.5);
    expect(JSON.parse(readFileSync(model, 'utf8')).format).toBe('waymark-intents');

    const newFile = writeCsv('new.csv', 'id,message', [
      '1,my card did not arrive',
      '2,',
      '3,"please refund me, the order was wrong"',
      '4,forgot the PIN',
    ]);
    const classified = await run([
      'intents',
      'classify',
      '--model',
      model,
      '--file',
      newFile,
      '--text-column',
      'message',
    ]);
    expect(classified.code).toBe(0);
    const out = classified.out.map((l) => JSON.parse(l));
    expect(out.map((o) => o.label)).toEqual(['card_arrival', null, 'refund', 'pin']);
    expect(out[0].confidence).toBeGreaterThan(0.34);
    expect(out[0].confidence).toBeLessThanOrEqual(1);
  });

  it('gives the same held-out figures for the same seed', async () => {
    const train = (seed: string, name: string) =>
      run([
        'intents',
        'train',
        '--file',
        trainFile,
        '--text-column',
        'message',
        '--label-column',
        'reason',
        '--model',
        path.join(dir, name),
        '--seed',
        seed,
      ]);
    const a = await train('9', 'a.json');
    const b = await train('9', 'b.json');
    expect(a.out[1]).toBe(b.out[1]);
    expect(a.out[1]).toMatch(/held-out accuracy [\d.]+% on 6 rows/);
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe(
      readFileSync(path.join(dir, 'b.json'), 'utf8'),
    );
  });

  it('discovers named themes with volumes that add up to the input', async () => {
    const unlabelled = writeCsv('unlabelled.csv', 'message', Object.values(REASONS).flat());
    const json = await run([
      'intents',
      'discover',
      '--file',
      unlabelled,
      '--text-column',
      'message',
      '--themes',
      '3',
      '--format',
      'json',
    ]);
    expect(json.code).toBe(0);
    const d = JSON.parse(json.out.join('\n'));
    expect(d.texts).toBe(30);
    expect(d.themes.reduce((s: number, t: { volume: number }) => s + t.volume, 0)).toBe(30);
    const names = d.themes.map((t: { name: string }) => t.name).join(' | ');
    expect(names).toMatch(/card/);
    expect(names).toMatch(/refund/);
    expect(names).toMatch(/pin/);
    const table = await run([
      'intents',
      'discover',
      '--file',
      unlabelled,
      '--text-column',
      'message',
    ]);
    expect(table.out[0]).toMatch(/^30 texts, \d+ themes \(highest silhouette/);
    expect(table.out[0]).toContain('volume');
  });

  it('says which columns a file has when the one asked for is missing, and checks options', async () => {
    const res = await run(['intents', 'discover', '--file', trainFile, '--text-column', 'body']);
    expect(res.code).toBe(2);
    expect(res.err).toContain('no column "body"; its columns: message, reason');
    const holdout = await run([
      'intents',
      'train',
      '--file',
      trainFile,
      '--text-column',
      'message',
      '--label-column',
      'reason',
      '--model',
      model,
      '--holdout',
      '2',
    ]);
    expect(holdout.err).toContain('--holdout');
    const missing = await run(['intents', 'classify', '--model', path.join(dir, 'nope.json')]);
    expect(missing.err).toContain('--file');
    const noModel = await run([
      'intents',
      'classify',
      '--model',
      path.join(dir, 'nope.json'),
      '--file',
      trainFile,
      '--text-column',
      'message',
    ]);
    expect(noModel.err).toContain('no such model file');
  });
});
