/*
 * Waymark survey widget: include it on a page of your site.
 *
 *   <script src="https://waymark.example.com/widget.js" data-write-key="wk_…"
 *           data-survey="srv_…" data-user-id="optional user id" async></script>
 *
 * It asks the server whether this visitor may be surveyed now (the fatigue rules decide), and if
 * so shows the survey in a box at the corner of the page, inside a shadow root so that the site's
 * styles and the widget's never mix. The visitor is named by data-user-id / data-anonymous-id, else
 * Segment's ajs_anonymous_id cookie, else an id the widget keeps in localStorage. No dependencies.
 */
(() => {
  const script = document.currentScript;
  if (!script) return;
  const writeKey = script.getAttribute('data-write-key');
  const surveyId = script.getAttribute('data-survey');
  if (!writeKey || !surveyId) {
    console.warn('waymark widget: data-write-key and data-survey are required');
    return;
  }
  const base = (script.getAttribute('data-host') || new URL(script.src).origin).replace(/\/+$/, '');
  const auth = `Basic ${btoa(`${writeKey}:`)}`;
  const doneKey = `waymark_survey_${surveyId}`;

  const store = {
    get(k) {
      try {
        return window.localStorage.getItem(k);
      } catch {
        return null;
      }
    },
    set(k, v) {
      try {
        window.localStorage.setItem(k, v);
      } catch {
        // storage may be disabled: the server's fatigue rules still hold
      }
    },
  };

  function segmentAnonymousId() {
    const m = document.cookie.match(/(?:^|;\s*)ajs_anonymous_id=([^;]*)/);
    let v = m ? decodeURIComponent(m[1]) : store.get('ajs_anonymous_id');
    if (!v) return null;
    // analytics.js stores the id JSON-encoded, quotes included.
    try {
      const parsed = JSON.parse(v);
      if (typeof parsed === 'string') v = parsed;
    } catch {
      // a bare id
    }
    return v || null;
  }

  function ownAnonymousId() {
    let id = store.get('waymark_anonymous_id');
    if (!id) {
      const bytes = new Uint8Array(12);
      crypto.getRandomValues(bytes);
      id = `wm-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
      store.set('waymark_anonymous_id', id);
    }
    return id;
  }

  if (store.get(doneKey)) return;
  const userId = script.getAttribute('data-user-id') || '';
  const anonymousId =
    script.getAttribute('data-anonymous-id') ||
    segmentAnonymousId() ||
    (userId ? '' : ownAnonymousId());

  const query = new URLSearchParams();
  if (anonymousId) query.set('anonymousId', anonymousId);
  if (userId) query.set('userId', userId);
  fetch(`${base}/v1/surveys/${encodeURIComponent(surveyId)}/eligibility?${query}`, {
    headers: { authorization: auth },
  })
    .then((res) => (res.ok ? res.json() : null))
    .then((answer) => {
      if (answer?.eligible) show(answer.survey, answer.token);
    })
    .catch(() => undefined);

  const CSS = `:host{all:initial}
.box{position:fixed;right:16px;bottom:16px;z-index:2147483647;width:min(360px,calc(100vw - 32px));
background:#fff;color:#1d2330;border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.25);padding:16px;
font:15px/1.45 system-ui,sans-serif}
h2{font-size:15px;margin:0 28px 10px 0}fieldset{border:0;margin:0 0 12px;padding:0}legend{font-weight:600;padding:0;margin-bottom:6px}
.scale{display:flex;flex-wrap:wrap;gap:4px}.scale label{position:relative}
.scale input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.scale span{display:inline-block;min-width:30px;padding:6px 4px;text-align:center;border:2px solid #8a93a6;border-radius:6px}
.scale input:checked+span{background:#1f5fd6;border-color:#1f5fd6;color:#fff}
.scale input:focus-visible+span{outline:3px solid #f2b705}
.ends{display:flex;justify-content:space-between;font-size:12px;color:#4a5266}
textarea{width:100%;box-sizing:border-box;min-height:64px;font:inherit;border:2px solid #8a93a6;border-radius:6px;padding:6px}
label.opt{display:block}button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:8px 16px;background:#1f5fd6;color:#fff;cursor:pointer}
.close{position:absolute;top:8px;right:8px;background:none;color:#4a5266;padding:4px 8px;font-size:18px}
.error{color:#a4161a}`;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') node.textContent = v;
      else if (v !== false && v !== undefined && v !== null)
        node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children || []) node.appendChild(c);
    return node;
  }

  function show(survey, token) {
    const host = el('div', { 'data-waymark-survey': survey.id });
    const root = host.attachShadow({ mode: 'open' });
    root.appendChild(el('style', { text: CSS }));
    const titleId = 'wm-title';
    const form = el('form', {
      class: 'box',
      role: 'dialog',
      'aria-labelledby': titleId,
      novalidate: true,
    });
    const close = el('button', {
      type: 'button',
      class: 'close',
      'aria-label': 'Close',
      text: '×',
    });
    close.addEventListener('click', () => {
      store.set(doneKey, 'dismissed');
      host.remove();
    });
    form.appendChild(close);
    form.appendChild(el('h2', { id: titleId, text: survey.name }));
    const primary = survey.questions.find((q) => q.type === 'rating');
    for (const q of survey.questions) form.appendChild(question(q, q === primary));
    const followUps = survey.followUps.map((f) => {
      const id = `wm-f-${f.id}`;
      const p = el('p', { hidden: true }, [
        el('label', { for: id }, [el('strong', { text: f.text })]),
        el('textarea', { id, name: f.id, maxlength: '2000' }),
      ]);
      p.dataset.min = f.minScore;
      p.dataset.max = f.maxScore;
      form.appendChild(p);
      return p;
    });
    form.addEventListener('change', () => {
      const checked = primary && form.querySelector(`input[name="${primary.id}"]:checked`);
      const score = checked ? Number(checked.value) : Number.NaN;
      for (const p of followUps)
        p.hidden = !(score >= Number(p.dataset.min) && score <= Number(p.dataset.max));
    });
    const status = el('p', { class: 'error', role: 'alert' });
    form.appendChild(status);
    form.appendChild(el('button', { type: 'submit', text: 'Send' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const answers = {};
      for (const q of survey.questions) {
        if (q.type === 'multiple_choice') {
          answers[q.id] = Array.from(
            form.querySelectorAll(`input[name="${q.id}"]:checked`),
            (i) => i.value,
          );
        } else if (q.type === 'text') {
          answers[q.id] = form.querySelector(`[name="${q.id}"]`).value;
        } else {
          const c = form.querySelector(`input[name="${q.id}"]:checked`);
          if (c) answers[q.id] = q.type === 'rating' ? Number(c.value) : c.value;
        }
      }
      for (const p of followUps) {
        const t = p.querySelector('textarea');
        if (!p.hidden && t.value) answers[t.name] = t.value;
      }
      status.textContent = '';
      fetch(`${base}/v1/surveys/${encodeURIComponent(survey.id)}/responses`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ token, answers }),
      })
        .then((res) => res.json().then((body) => ({ ok: res.ok, body })))
        .then((r) => {
          if (!r.ok) {
            status.textContent = r.body?.error ? r.body.error.message : 'Sorry, that did not work.';
            return;
          }
          store.set(doneKey, 'answered');
          form.replaceChildren(close, el('p', { role: 'status', text: survey.thankYou }));
        })
        .catch(() => {
          status.textContent = 'Sorry, that did not work. Please try again.';
        });
    });
    root.appendChild(form);
    document.body.appendChild(host);
  }

  function question(q, isPrimary) {
    const id = `wm-q-${q.id}`;
    if (q.type === 'text') {
      return el('p', {}, [
        el('label', { for: id }, [el('strong', { text: q.text })]),
        el('textarea', { id, name: q.id, maxlength: '2000' }),
      ]);
    }
    const fs = el('fieldset', {}, [el('legend', { text: q.text })]);
    if (q.type === 'rating') {
      const scale = el('div', { class: 'scale' });
      for (let n = q.min; n <= q.max; n++) {
        const label =
          n === q.min && q.minLabel
            ? `${n}, ${q.minLabel}`
            : n === q.max && q.maxLabel
              ? `${n}, ${q.maxLabel}`
              : `${n}`;
        scale.appendChild(
          el('label', {}, [
            el('input', { type: 'radio', name: q.id, value: String(n), 'aria-label': label }),
            el('span', { 'aria-hidden': 'true', text: String(n) }),
          ]),
        );
      }
      fs.appendChild(scale);
      if (q.minLabel || q.maxLabel) {
        fs.appendChild(
          el('div', { class: 'ends', 'aria-hidden': 'true' }, [
            el('span', { text: q.minLabel }),
            el('span', { text: q.maxLabel }),
          ]),
        );
      }
      if (isPrimary) fs.dataset.primary = 'true';
      return fs;
    }
    const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
    for (const o of q.options) {
      fs.appendChild(
        el('label', { class: 'opt' }, [
          el('input', { type, name: q.id, value: o }),
          document.createTextNode(` ${o}`),
        ]),
      );
    }
    return fs;
  }
})();
