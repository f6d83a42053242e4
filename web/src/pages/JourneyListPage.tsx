import { type FormEvent, useState } from 'react';
import {
  createJourneyFromTemplate,
  importJourney,
  listJourneys,
  listJourneyTemplates,
} from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { formatDay } from '../lib/format.ts';
import { linkHandler, navigate } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { JourneyTemplate } from '../types.ts';

const journeyPath = (id: string) => `/journeys/${encodeURIComponent(id)}`;

export function JourneyListPage() {
  const session = useSession();
  const journeys = useResource('journeys', (signal) => listJourneys(signal));
  const editable = canEdit(session);

  return (
    <main className="page" id="main">
      <div className="page-head">
        <div>
          <h1>Journeys</h1>
          <p className="lead">
            Each journey maps what customers do, think and feel, stage by stage, and measures every
            touchpoint against recorded events.
          </p>
        </div>
      </div>

      {journeys.error ? (
        <ErrorState error={journeys.error} onRetry={journeys.reload} />
      ) : !journeys.data ? (
        <LoadingState label="Loading journeys…" />
      ) : journeys.data.length === 0 ? (
        <p className="empty">No journeys yet. Start one from a template below.</p>
      ) : (
        <ul className="card-list">
          {journeys.data.map((j) => (
            <li key={j.id}>
              <a
                className="journey-card"
                href={journeyPath(j.id)}
                onClick={linkHandler(journeyPath(j.id))}
              >
                <span className="journey-card-title">{j.name}</span>
                {j.description && <span className="journey-card-text">{j.description}</span>}
                <span className="journey-card-meta">
                  {j.goal ? <>Goal: {j.goal.event}</> : 'No goal set'} · created{' '}
                  {formatDay(j.createdAt)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}

      {editable && <ImportSection />}
      {editable && <TemplateSection />}
    </main>
  );
}

/** Recreates a journey from a file that a map's Export → Journey file wrote. */
function ImportSection() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setError(new Error(`${file.name} is not a JSON file`));
      return;
    }
    setBusy(true);
    try {
      const result = await importJourney(parsed);
      navigate(journeyPath(result.journey.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="import-title">
      <h2 id="import-title">Import a journey file</h2>
      <p className="hint">
        A journey exported from any Waymark workspace (Export → Journey file on its map): stages,
        lanes, touchpoints with their match rules, and its personas, matched by name or created.
      </p>
      <label className="button file-button">
        {busy ? 'Importing…' : 'Choose a journey file…'}
        <input
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          disabled={busy}
          onChange={(e) => {
            void onFile(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
      </label>
      <InlineError error={error} />
    </section>
  );
}

function TemplateSection() {
  const templates = useResource('journey-templates', (signal) => listJourneyTemplates(signal));
  const [chosen, setChosen] = useState<JourneyTemplate | null>(null);

  return (
    <section className="section" aria-labelledby="templates-title">
      <h2 id="templates-title">Start from a template</h2>
      {templates.error ? (
        <ErrorState
          title="Templates could not be loaded"
          error={templates.error}
          onRetry={templates.reload}
        />
      ) : !templates.data ? (
        <LoadingState label="Loading templates…" />
      ) : (
        <ul className="template-grid">
          {templates.data.map((t) => (
            <li key={t.key} className="template-card">
              <h3>{t.name}</h3>
              <p>{t.description}</p>
              <p className="template-meta">
                {t.stages.length} stages · {t.stages.reduce((n, s) => n + s.touchpoints.length, 0)}{' '}
                touchpoints · goal <code>{t.goal.event}</code>
              </p>
              {chosen?.key === t.key ? (
                <CreateFromTemplate template={t} onCancel={() => setChosen(null)} />
              ) : (
                <button type="button" className="button" onClick={() => setChosen(t)}>
                  Use this template
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateFromTemplate({
  template,
  onCancel,
}: {
  template: JourneyTemplate;
  onCancel: () => void;
}) {
  const [name, setName] = useState(template.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const journey = await createJourneyFromTemplate(template.key, name.trim() || undefined);
      navigate(journeyPath(journey.id));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Journey name</span>
        <input
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it
          autoFocus
        />
      </label>
      <InlineError error={error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create journey'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
