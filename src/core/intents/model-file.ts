import { z } from 'zod';
import { invalid } from '../errors.ts';
import type { TIntentModel } from './train-intents.ts';

/**
 * The JSON file of a trained intent model. Weights are stored as 16-bit integers with one scale
 * per reason (largest |weight| ↦ 32767), base64-encoded: a quarter of the size of decimal JSON
 * numbers, and a relative error below 1/32767 of the largest weight changes no decision that
 * was not already a tie. Term keys are exact integers below 2^53 (see featurize.ts).
 */
export const ZIntentModelFile = z.object({
  format: z.literal('waymark-intents'),
  version: z.literal(1),
  classes: z.array(z.string()).min(2),
  features: z.object({
    charNgrams: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
    wordBigrams: z.boolean(),
    minDocumentFrequency: z.number().int().min(1),
    keys: z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
    idf: z.array(z.number()),
  }),
  temperature: z.number().positive(),
  weights: z.object({
    encoding: z.literal('int16-base64'),
    /** Weight = stored integer × scale; per reason. */
    scales: z.array(z.number()),
    /** Per reason: the feature weights in key order, then the bias. */
    data: z.array(z.string()),
  }),
});
export type TIntentModelFile = z.infer<typeof ZIntentModelFile>;

/**
 * The JSON-ready form of a model.
 *
 * @example writeFileSync('model.json', JSON.stringify(serializeIntentModel(model)))
 */
export function serializeIntentModel(model: TIntentModel): TIntentModelFile {
  const scales: number[] = [];
  const data: string[] = [];
  for (const w of model.linear.weights) {
    let max = 0;
    for (const x of w) max = Math.max(max, Math.abs(x));
    const scale = max > 0 ? max / 32767 : 1;
    const bytes = Buffer.alloc(w.length * 2);
    for (let i = 0; i < w.length; i++) bytes.writeInt16LE(Math.round(w[i]! / scale), i * 2);
    scales.push(scale);
    data.push(bytes.toString('base64'));
  }
  const { options, keys, idf } = model.vectorizer;
  return {
    format: 'waymark-intents',
    version: 1,
    classes: model.classes,
    features: {
      charNgrams: [options.charNgrams[0], options.charNgrams[1]],
      wordBigrams: options.wordBigrams,
      minDocumentFrequency: options.minDocumentFrequency,
      keys: Array.from(keys),
      // Six significant digits are far finer than the int16 weights they multiply.
      idf: Array.from(idf, (x) => Number(x.toPrecision(6))),
    },
    temperature: model.temperature,
    weights: { encoding: 'int16-base64', scales, data },
  };
}

/**
 * A model from its parsed JSON file, checked for shape and consistency.
 *
 * @example parseIntentModel(JSON.parse(readFileSync('model.json', 'utf8')))
 */
export function parseIntentModel(json: unknown): TIntentModel {
  const parsed = ZIntentModelFile.safeParse(json);
  if (!parsed.success) throw invalid('not a Waymark intent model file', parsed.error.issues);
  const f = parsed.data;
  const dim = f.features.keys.length;
  if (f.features.idf.length !== dim) throw invalid('intent model: keys and idf differ in length');
  if (f.weights.data.length !== f.classes.length || f.weights.scales.length !== f.classes.length)
    throw invalid('intent model: one weight vector per class is needed');
  const weights = f.weights.data.map((b64, c) => {
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length !== (dim + 1) * 2)
      throw invalid(`intent model: weights of class ${c} are cut`);
    const q = new Int16Array(dim + 1);
    for (let i = 0; i <= dim; i++) q[i] = bytes.readInt16LE(i * 2);
    const scale = f.weights.scales[c]!;
    return Float32Array.from(q, (x) => x * scale);
  });
  return {
    classes: f.classes,
    vectorizer: {
      options: {
        charNgrams: f.features.charNgrams,
        wordBigrams: f.features.wordBigrams,
        minDocumentFrequency: f.features.minDocumentFrequency,
      },
      keys: Float64Array.from(f.features.keys),
      idf: Float32Array.from(f.features.idf),
    },
    linear: { dim, weights },
    temperature: f.temperature,
  };
}
