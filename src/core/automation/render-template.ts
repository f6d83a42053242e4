/**
 * Templates for emails, webhook bodies, task titles and traits: `{{ path.to.value }}` is replaced
 * by the value at that path of the context (`traits.first_name`, `event.properties.order_id`);
 * a missing value renders as nothing. Nothing else is interpreted: templates are data, never
 * code, so a template cannot reach anything but the context it is given.
 */

/** How values are written into the text. */
export type TemplateEscape = 'none' | 'html';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_$.-]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z0-9_$.-]+)\s*\}\}$/;

/** The value at a dotted path of an object; only own properties are followed. */
export function valueAt(context: unknown, path: string): unknown {
  let cur: unknown = context;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** How a value reads in text: objects as JSON, nothing for null and undefined. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml('<b>"x"</b>') === '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Renders a text template. In `html` mode every inserted value is escaped (the template's own
 * markup is kept), so a trait cannot inject markup into an email.
 *
 * @example renderTemplate('Hi {{traits.first_name}}!', { traits: { first_name: 'Ann' } }) === 'Hi Ann!'
 */
export function renderTemplate(
  template: string,
  context: unknown,
  mode: TemplateEscape = 'none',
): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    const text = textOf(valueAt(context, path));
    return mode === 'html' ? escapeHtml(text) : text;
  });
}

/**
 * Renders a JSON template: every string in it is a text template, except a string that is
 * exactly one placeholder, which takes the value itself (a number stays a number, an object an
 * object; a missing value becomes null). Keys are kept as written.
 *
 * @example renderJson({ id: '{{event.properties.order_id}}', n: 1 }, ctx) // { id: 42, n: 1 }
 */
export function renderJson(template: unknown, context: unknown): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return valueAt(context, whole[1]!) ?? null;
    return renderTemplate(template, context);
  }
  if (Array.isArray(template)) return template.map((t) => renderJson(t, context));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      Object.defineProperty(out, k, {
        value: renderJson(v, context),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return template;
}
