import { describe, expect, it } from 'vitest';
import { escapeHtml, renderJson, renderTemplate } from './render-template.ts';

const ctx = {
  traits: { first_name: 'Ann <b>', plan: 'pro' },
  event: { properties: { order_id: 42, items: [{ sku: 'a' }] } },
};

describe('templates', () => {
  it('fills placeholders from traits and event properties; a missing one renders empty', () => {
    expect(
      renderTemplate(
        'Hi {{traits.first_name}}, order {{ event.properties.order_id }}{{traits.none}}!',
        ctx,
      ),
    ).toBe('Hi Ann <b>, order 42!');
  });

  it('escapes inserted values, not the template markup, in HTML', () => {
    expect(renderTemplate('<p>Hi {{traits.first_name}}</p>', ctx, 'html')).toBe(
      '<p>Hi Ann &lt;b&gt;</p>',
    );
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('does not follow inherited properties', () => {
    expect(renderTemplate('{{traits.constructor}}{{traits.__proto__}}', ctx)).toBe('');
  });

  it('keeps the type of a value that fills a whole JSON string', () => {
    expect(
      renderJson(
        {
          order: '{{event.properties.order_id}}',
          note: 'order {{event.properties.order_id}}',
          items: '{{event.properties.items}}',
          missing: '{{traits.none}}',
          list: ['{{traits.plan}}', 3],
        },
        ctx,
      ),
    ).toEqual({
      order: 42,
      note: 'order 42',
      items: [{ sku: 'a' }],
      missing: null,
      list: ['pro', 3],
    });
  });
});
