import { useId, useState } from 'react';
import {
  ApiError,
  createSurveyEmailSnippet,
  createSurveyLink,
  listKeys,
  type SurveyLinkRequest,
} from '../api.ts';
import { InlineError } from '../components/states.tsx';
import { bestIdentity, formatDateTime } from '../lib/customer.ts';
import { formatDay } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { useSession } from '../session.tsx';
import type { Customer, Survey, SurveyEmailSnippet, SurveyLink } from '../types.ts';
import { CodeBlock, CopyButton } from './CopyButton.tsx';
import { CustomerPicker } from './CustomerPicker.tsx';
import { DEFAULT_TTL, type Refusal, refusalOf, TTL_CHOICES, widgetSnippet } from './delivery.ts';

type Made = { kind: 'link'; link: SurveyLink } | { kind: 'email'; snippet: SurveyEmailSnippet };

/**
 * How a survey reaches customers: a signed link for one customer (as is, or as an email with
 * one link per score), and the widget's embed code for a website. Only editors make links; the
 * fatigue rules may refuse one, which is explained, with "send anyway" to override.
 */
export function DeliveryTab({
  survey,
  editable,
  onSent,
}: {
  survey: Survey;
  editable: boolean;
  /** A link or email was made: one more invitation, so the response rate changes. */
  onSent?: () => void;
}) {
  return (
    <div className="delivery">
      {editable ? (
        <LinkSection survey={survey} onSent={onSent} />
      ) : (
        <section className="panel" aria-labelledby="links-title">
          <h2 id="links-title">Links and emails</h2>
          <p className="notice">
            Editors and owners make survey links for customers. You can see the responses and the
            widget’s embed code.
          </p>
        </section>
      )}
      <WidgetSection survey={survey} />
    </div>
  );
}

function LinkSection({ survey, onSent }: { survey: Survey; onSent?: () => void }) {
  const id = useId();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [ttl, setTtl] = useState(DEFAULT_TTL);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<Made | null>(null);
  const [refusal, setRefusal] = useState<{ refusal: Refusal; as: Made['kind'] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const make = async (as: Made['kind'], force = false) => {
    if (!customer) return;
    setBusy(true);
    setError(null);
    setRefusal(null);
    setMade(null);
    const body: SurveyLinkRequest = { customerId: customer.id, ttl, force };
    try {
      setMade(
        as === 'link'
          ? { kind: 'link', link: await createSurveyLink(survey.id, body) }
          : { kind: 'email', snippet: await createSurveyEmailSnippet(survey.id, body) },
      );
      onSent?.();
    } catch (err) {
      const r = refusalOf(err);
      if (r) setRefusal({ refusal: r, as });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const who = customer ? bestIdentity(customer).value : '';
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Send to a customer</h2>
      <p className="help">
        A link is signed for one customer and answers once; it expires after the time you choose.
        Making one counts as asking them, for the fatigue rules.
      </p>
      {!survey.active && (
        <p className="notice">This survey is switched off: switch it on to make links.</p>
      )}
      <div className="delivery-form">
        <CustomerPicker
          selected={customer}
          onSelect={(c) => {
            setCustomer(c);
            setRefusal(null);
            setMade(null);
          }}
          disabled={busy}
        />
        <div className="delivery-send">
          <label className="field" htmlFor={`${id}-ttl`}>
            <span>Valid for</span>
            <select
              id={`${id}-ttl`}
              value={ttl}
              disabled={busy}
              onChange={(e) => setTtl(Number(e.target.value))}
            >
              {TTL_CHOICES.map((c) => (
                <option key={c.seconds} value={c.seconds}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={!customer || busy || !survey.active}
              onClick={() => void make('link')}
            >
              Create link
            </button>
            <button
              type="button"
              className="button"
              disabled={!customer || busy || !survey.active}
              onClick={() => void make('email')}
            >
              Create email
            </button>
          </div>
          {!customer && <p className="help">Find and choose a customer first.</p>}
        </div>
      </div>

      {refusal && (
        <RefusalNotice
          refusal={refusal.refusal}
          who={who}
          busy={busy}
          onForce={() => void make(refusal.as, true)}
        />
      )}
      <InlineError error={error} onDismiss={() => setError(null)} />
      {made?.kind === 'link' && <LinkResult link={made.link} who={who} />}
      {made?.kind === 'email' && <EmailResult snippet={made.snippet} who={who} />}
    </section>
  );
}

function RefusalNotice({
  refusal,
  who,
  busy,
  onForce,
}: {
  refusal: Refusal;
  who: string;
  busy: boolean;
  onForce: () => void;
}) {
  if (refusal.reason === 'inactive') {
    return (
      <div className="notice refusal" role="alert">
        This survey is switched off, so no link can be made. Switch it on first.
      </div>
    );
  }
  const last = refusal.lastContactAt ? formatDay(refusal.lastContactAt) : 'recently';
  const next = refusal.nextEligibleAt ? formatDay(refusal.nextEligibleAt) : 'later';
  return (
    <div className="notice refusal" role="alert">
      <p>
        <strong>Not sent: {who} was asked recently.</strong>{' '}
        {refusal.reason === 'fatigue'
          ? `They were surveyed on ${last}, and the workspace asks a customer at most once every ${refusal.days ?? 'few'} days.`
          : `They had this survey on ${last}, and it is not asked again within ${refusal.days ?? 'its repeat'} days.`}{' '}
        The next survey is due on <strong>{next}</strong>.
      </p>
      <p>
        Send anyway only when there is a good reason (after a complaint, say); the link still counts
        as asking them.
      </p>
      <button type="button" className="button" disabled={busy} onClick={onForce}>
        Send anyway
      </button>
    </div>
  );
}

function LinkResult({ link, who }: { link: SurveyLink; who: string }) {
  return (
    <div className="secret-box delivery-result" role="status">
      <p>
        Link for <strong>{who}</strong>, valid until {formatDateTime(link.expiresAt)}:
      </p>
      <p className="button-row">
        <code className="secret" data-testid="survey-link">
          {link.url}
        </code>
        <CopyButton text={link.url} what="the link" />
        <a className="button button-small" href={link.url} target="_blank" rel="noreferrer">
          Open the survey<span className="visually-hidden"> in a new tab</span>
        </a>
      </p>
    </div>
  );
}

function EmailResult({ snippet, who }: { snippet: SurveyEmailSnippet; who: string }) {
  return (
    <div className="secret-box delivery-result" role="status">
      <p>
        Email for <strong>{who}</strong>, its links valid until {formatDateTime(snippet.expiresAt)}.
        Paste the HTML into your email tool (or the text into a plain email). A score link only
        pre-selects the score: the answer counts when the customer sends the page, so mail scanners
        that open links cannot answer for them.
      </p>
      <h3 className="subhead">Preview</h3>
      {/* No scripts, no same-origin access: the preview only shows what the email will look like. */}
      <iframe className="email-preview" title="Email preview" sandbox="" srcDoc={snippet.html} />
      <h3 className="subhead">HTML</h3>
      <CodeBlock code={snippet.html} what="the email HTML" />
      <h3 className="subhead">Text</h3>
      <CodeBlock code={snippet.text} what="the email text" />
      <h3 className="subhead">Score links</h3>
      <ul className="score-links">
        {snippet.scoreLinks.map((l) => (
          <li key={l.score}>
            <span className="score-link-score">{l.score}</span>
            <code className="secret" title={l.url}>
              {l.url}
            </code>
            <CopyButton text={l.url} what={`the link for score ${l.score}`} />
          </li>
        ))}
      </ul>
      <p className="help score-links-plain">
        The plain link: <code>{snippet.url}</code> <CopyButton text={snippet.url} what="the link" />
      </p>
    </div>
  );
}

function WidgetSection({ survey }: { survey: Survey }) {
  const id = useId();
  const session = useSession();
  const owner = session.workspace?.role === 'owner';
  const keys = useResource(owner ? 'keys' : null, (signal) => listKeys(signal));
  const writeKeys = (keys.data ?? []).filter((k) => k.kind === 'write' && !k.revokedAt);
  const [key, setKey] = useState('');
  const shown = key.trim() || (writeKeys[0] ? `${writeKeys[0].prefix}…` : 'wk_…');
  const code = widgetSnippet(window.location.origin, shown, survey.id);
  const forbidden = keys.error instanceof ApiError && keys.error.status === 403;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Widget for your website</h2>
      <p className="help">
        Put this tag on a page of your site. It asks Waymark whether the visitor may be surveyed now
        (the fatigue rules decide), then shows the survey in a corner of the page. The visitor is
        the one your Segment tracking knows (its anonymous id), or name them with{' '}
        <code>data-user-id</code>.
      </p>
      {owner && writeKeys.length > 0 && (
        <>
          <p className="help">
            The workspace’s write keys (only their first characters are kept here: paste the whole
            key below, or replace it in the tag):
          </p>
          <ul className="write-keys">
            {writeKeys.map((k) => (
              <li key={k.id}>
                <code>{k.prefix}…</code> {k.name && `“${k.name}”`}{' '}
                <span className="cell-note">created {formatDay(k.createdAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {owner && keys.data && writeKeys.length === 0 && (
        <p className="notice">This workspace has no write key yet: create one in Settings.</p>
      )}
      {(!owner || forbidden) && (
        <p className="help">Write keys are managed by the workspace’s owners: ask one for a key.</p>
      )}
      <label className="field" htmlFor={`${id}-key`}>
        <span>Write key</span>
        <input
          id={`${id}-key`}
          value={key}
          maxLength={200}
          placeholder={shown}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setKey(e.target.value)}
        />
      </label>
      <CodeBlock code={code} what="the widget tag" />
    </section>
  );
}
