import { scoreSentiment } from '../../core/sentiment/score-sentiment.ts';
import { LineSplitter } from '../../ingest/import/index.ts';

/**
 * `waymark sentiment`: one JSON object `{ "score", "label" }` per input line, in order (an empty
 * line scores 0, neutral, so that output line n always belongs to input line n). Lines are
 * scored as they arrive, so it works in a pipe on a stream of any length; the lines of one input
 * chunk are written with one write, as a write per line would cost more than the scoring.
 */
export async function scoreSentimentLines(
  input: AsyncIterable<string | readonly string[]>,
  out: (s: string) => void,
): Promise<number> {
  let count = 0;
  for await (const item of input) {
    const lines = typeof item === 'string' ? [item] : item;
    if (lines.length === 0) continue;
    const results = lines.map((line) => {
      const { score, label } = scoreSentiment(line);
      // Four decimals are more than the method's precision and keep the output short.
      return JSON.stringify({ score: Math.round(score * 1e4) / 1e4, label });
    });
    out(results.join('\n'));
    count += lines.length;
  }
  return count;
}

/**
 * The lines of a stream (without their line ends), a batch per chunk read, as they arrive; a
 * last line without a line end counts too.
 *
 * @example for await (const lines of readLines(process.stdin)) console.log(lines.length)
 */
export async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const splitter = new LineSplitter();
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield splitter.push(text).map((l) => l.text);
  }
  yield [...splitter.push(decoder.decode()), ...splitter.end()].map((l) => l.text);
}
