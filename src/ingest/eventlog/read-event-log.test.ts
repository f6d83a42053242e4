import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from '../segment/parse-timestamp.ts';
import {
  detectLogFormat,
  parseXesTimestamp,
  readEventLog,
  type TEventLogOptions,
  type TLogCase,
} from './read-event-log.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'waymark-eventlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

const read = async (file: string, options: TEventLogOptions = {}) => {
  const cases: TLogCase[] = [];
  const counts = await readEventLog(file, options, (c) => {
    cases.push(c);
  });
  return { cases, counts };
};

const XES = `<log>
<trace><string key="concept:name" value="c1"/>
<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T10:00:00.000+01:00"/><string key="org:resource" value="Ann"/></event>
<event><string key="concept:name" value="b"/></event>
</trace>
</log>`;

describe('reading event logs', () => {
  it('reads XES, plain or gzipped, with timestamps and, when asked, the other attributes', async () => {
    for (const file of [write('log.xes', XES), write('log.xes.gz', gzipSync(XES))]) {
      const { cases, counts } = await read(file, { keepAttributes: true });
      expect(counts).toEqual({ cases: 1, events: 2 });
      expect(cases[0]).toEqual({
        id: 'c1',
        line: 2,
        events: [
          {
            activity: 'a',
            timestamp: Date.UTC(2024, 0, 1, 9),
            line: 3,
            attributes: { 'org:resource': 'Ann' },
          },
          { activity: 'b', timestamp: null, line: 4, attributes: {} },
        ],
      });
    }
  });

  it('reads CSV with pm4py or plain column names, grouping interleaved rows by case', async () => {
    const file = write(
      'log.csv',
      ',case,activity,timestamp,channel\n0,c1,a,2024-01-01 10:00:00,web\n1,c2,x,2024-01-01T11:00:00Z,\n2,c1,b,2024-01-02,app\n',
    );
    const { cases } = await read(file, { keepAttributes: true });
    expect(cases.map((c) => [c.id, c.events.map((e) => e.activity)])).toEqual([
      ['c1', ['a', 'b']],
      ['c2', ['x']],
    ]);
    expect(cases[0]!.events[0]).toEqual({
      activity: 'a',
      timestamp: Date.UTC(2024, 0, 1, 10),
      line: 2,
      attributes: { channel: 'web' },
    });
    expect(cases[1]!.events[0]!.attributes).toEqual({});
  });

  it('uses the columns and attributes named by the options', async () => {
    const csv = write('named.csv', 'ticket;step;when\nt1;open;2024-01-01\n');
    const { cases } = await read(csv, {
      caseKey: 'ticket',
      activityKey: 'step',
      timestampKey: 'when',
      delimiter: ';',
    });
    expect(cases[0]).toMatchObject({ id: 't1', events: [{ activity: 'open' }] });
    const xes = write(
      'named.xes',
      '<log><trace><string key="id" value="t9"/><event><string key="step" value="s"/></event></trace></log>',
    );
    const fromXes = await read(xes, { caseKey: 'case:id', activityKey: 'step' });
    expect(fromXes.cases[0]).toMatchObject({ id: 't9', events: [{ activity: 's' }] });
  });

  it('names the file and line of bad input', async () => {
    const badTime = write(
      'bad-time.csv',
      'case,activity,timestamp\nc1,a,2024-01-01\nc1,b,yesterday\n',
    );
    await expect(read(badTime)).rejects.toThrow(
      /bad-time\.csv: line 3: timestamp is not an ISO-8601/,
    );
    const noActivity = write(
      'no-activity.xes',
      '<log>\n<trace><string key="concept:name" value="c"/>\n<event/></trace></log>',
    );
    await expect(read(noActivity)).rejects.toThrow(/line 3: the event has no concept:name/);
    const noColumn = write('no-column.csv', 'who,what\nc,a\n');
    await expect(read(noColumn)).rejects.toThrow(/line 1: no case column/);
    const broken = write('broken.xes', '<log>\n<trace>\n</log>');
    await expect(read(broken)).rejects.toThrow(/broken\.xes: line 3: <\/log> closes <trace>/);
    await expect(read(path.join(dir, 'missing.xes'))).rejects.toThrow(/no such file/);
    expect(() => detectLogFormat('log.json')).toThrow(/--format xes or csv/);
  });

  it('reads OpenXES timestamps exactly as the general ISO parser does', () => {
    for (const text of [
      '2011-10-01T00:38:44.546+02:00',
      '2012-03-01T09:27:41.325-01:30',
      '1999-12-28T23:59:59.999+00:00',
      '2024-02-29T12:00:00.000+01:00',
      '2024-01-31T12:00:00.000+01:00',
    ]) {
      expect(parseXesTimestamp(text) ?? parseIsoTimestamp(text)).toBe(parseIsoTimestamp(text));
    }
    expect(parseXesTimestamp('2011-10-01T00:38:44.546Z')).toBeNull();
    expect(parseXesTimestamp('2011-13-01T00:38:44.546+02:00')).toBeNull();
  });
});
