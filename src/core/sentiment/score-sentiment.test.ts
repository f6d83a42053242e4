import { describe, expect, it } from 'vitest';
import { lookupValence, modifierOf } from './lexicon.ts';
import { labelSentiment, scoreSentiment } from './score-sentiment.ts';
import { tokenize } from './tokenize.ts';

const score = (text: string) => scoreSentiment(text).score;

describe('sentiment of free text', () => {
  it('scores in [-1, 1] with a positive, neutral or negative label', () => {
    expect(scoreSentiment('The agent was helpful.')).toMatchObject({ label: 'positive' });
    expect(scoreSentiment('The delivery was on time.')).toEqual({ score: 0, label: 'neutral' });
    expect(scoreSentiment('')).toEqual({ score: 0, label: 'neutral' });
    expect(scoreSentiment('Terrible! Absolutely TERRIBLE service.').label).toBe('negative');
    for (const t of ['great '.repeat(200), 'awful!!!!!!!! '.repeat(200), 'LOVE IT 😍😍😍']) {
      expect(Math.abs(score(t))).toBeLessThanOrEqual(1);
    }
    expect(labelSentiment(0.05)).toBe('positive');
    expect(labelSentiment(0.049)).toBe('neutral');
    expect(labelSentiment(-0.05)).toBe('negative');
  });

  it('flips and weakens a negated word, contractions and informal spellings included', () => {
    expect(score('The agent was not helpful.')).toBeLessThan(0);
    expect(Math.abs(score('The agent was not helpful.'))).toBeLessThan(
      Math.abs(score('The agent was helpful.')),
    );
    expect(score('It isn’t good')).toBeLessThan(0);
    expect(score('it isnt good')).toBeLessThan(0);
    expect(score('Not bad at all')).toBeGreaterThan(0);
    // Negation stops at the end of the clause.
    expect(score('Not the cheapest, but great')).toBeGreaterThan(0);
  });

  it('keeps idioms that only look negated positive', () => {
    expect(score('No doubt a great experience')).toBeGreaterThan(0.4);
    expect(score('Nothing short of brilliant')).toBeGreaterThan(0.4);
    expect(score('no problem at all, thanks!')).toBeGreaterThan(0);
  });

  it('makes intensifiers stronger and dampeners weaker, in either direction', () => {
    expect(score('The agent was very helpful.')).toBeGreaterThan(score('The agent was helpful.'));
    expect(score('The agent was extremely helpful.')).toBeGreaterThan(
      score('The agent was helpful.'),
    );
    expect(score('The agent was slightly helpful.')).toBeLessThan(score('The agent was helpful.'));
    expect(score('The wait was extremely bad')).toBeLessThan(score('The wait was bad'));
    expect(score('The wait was sooo bad')).toBeLessThan(score('The wait was bad'));
    expect(modifierOf('sooo')).toBe(1);
  });

  it('weighs what follows "but" more than what comes before it', () => {
    expect(score('Good food but rude staff.')).toBeLessThan(0);
    expect(score('Rude staff but good food.')).toBeGreaterThan(0);
    expect(score('Although the price was good, the delivery was a disaster.')).toBeLessThan(0);
  });

  it('reads capitals among lower-case text and exclamation marks as emphasis', () => {
    expect(score('The agent was HELPFUL.')).toBeGreaterThan(score('The agent was helpful.'));
    expect(score('The agent was helpful!!!')).toBeGreaterThan(score('The agent was helpful.'));
    expect(score('The wait was awful!!!')).toBeLessThan(score('The wait was awful.'));
    // All-caps text is shouting, not emphasis of one word.
    expect(score('THE AGENT WAS HELPFUL')).toBeCloseTo(score('the agent was helpful'), 10);
  });

  it('reads emoticons and emoji', () => {
    expect(score('See you tomorrow :)')).toBeGreaterThan(0);
    expect(score('See you tomorrow :(')).toBeLessThan(0);
    expect(score('Delivery was quick 👍')).toBeGreaterThan(0);
    expect(score('I waited 40 minutes 😡')).toBeLessThan(0);
    expect(score('I waited 40 minutes😡')).toBeLessThan(0);
    expect(score('ok ❤️')).toBeGreaterThan(score('ok'));
    expect(score('The agent was helpful :(')).toBeLessThan(score('The agent was helpful'));
    // A negator before a face negates the words, not the face.
    expect(score('Still no card :(')).toBeLessThan(-0.3);
  });

  it('does not praise comparisons with "like", only liking', () => {
    expect(score('It looks like the order shipped')).toBe(0);
    expect(score('I like the new design')).toBeGreaterThan(0);
    expect(score("I don't like the new design")).toBeLessThan(0);
  });

  it('finds the valence of words the lexicon lacks from the word they derive from', () => {
    expect(lookupValence('superbly')).toBe(lookupValence('superb'));
    expect(lookupValence('gooood')).toBe(lookupValence('good'));
    expect(lookupValence('table')).toBeUndefined();
    expect(tokenize('NOT good :( 😡&').map((t) => t.lower)).toEqual(['not', 'good', ':(', '😡']);
  });
});
