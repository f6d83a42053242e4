import type { ReactNode } from 'react';
import { AnalysisPage } from './analysis/AnalysisPage.tsx';
import { AutomationPage } from './automations/AutomationPage.tsx';
import { AutomationsPage } from './automations/AutomationsPage.tsx';
import { automationRouteOf } from './automations/paths.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { ErrorState, LoadingState } from './components/states.tsx';
import { TopBar } from './components/TopBar.tsx';
import { JourneyDashboardPage } from './insights/JourneyDashboardPage.tsx';
import { insightRouteOf } from './insights/paths.ts';
import { TouchpointDetailPage } from './insights/TouchpointDetailPage.tsx';
import { useLocation } from './lib/router.ts';
import { JourneyMapPage } from './map/JourneyMapPage.tsx';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { CustomersPage } from './pages/CustomersPage.tsx';
import { JourneyListPage } from './pages/JourneyListPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PersonasPage } from './pages/PersonasPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { TasksPage } from './pages/TasksPage.tsx';
import { WorkspacePickerPage } from './pages/WorkspacePickerPage.tsx';
import { useSession } from './session.tsx';
import { surveyRouteOf } from './surveys/paths.ts';
import { SurveyEditorPage } from './surveys/SurveyEditorPage.tsx';
import { SurveyPage } from './surveys/SurveyPage.tsx';
import { SurveysPage } from './surveys/SurveysPage.tsx';

/**
 * Routes: `/` journeys, `/journeys/:id` the journey map (with `/dashboard`, `/analysis` and
 * `/touchpoints/:touchpointId` below it), `/workspaces` the picker, `/personas`,
 * `/settings` (keys, members, sending events), `/customers` and `/customers/:id` (the 360° view).
 * `/surveys` (with `/surveys/new`, `/surveys/:id` and `/surveys/:id/edit`).
 * `/automations` (with `/automations/new` and `/automations/:id`).
 * Signing in happens wherever the person landed, so a shared link opens its page after sign-in.
 */
export function App() {
  const session = useSession();
  const { path } = useLocation();

  if (session.status === 'checking') return <LoadingState label="Starting Waymark…" />;
  if (session.status === 'unreachable') {
    return (
      <main className="page page-narrow">
        <ErrorState
          title="Waymark cannot be reached"
          error={new Error('The server did not answer. Is it running?')}
          onRetry={session.retry}
        />
      </main>
    );
  }
  if (session.status === 'signedOut') return <SignInPage />;
  // From here on: signed in, or signed in until a moment ago ('expired', shown as a dialog).

  const journeyId = journeyIdOf(path);
  const customerId = customerIdOf(path);
  const insight = insightRouteOf(path);
  const survey = surveyRouteOf(path);
  const automation = automationRouteOf(path);
  let page: ReactNode;
  if (!session.workspace || path === '/workspaces') page = <WorkspacePickerPage />;
  else if (path === '/') page = <JourneyListPage />;
  else if (journeyId) page = <JourneyMapPage key={journeyId} journeyId={journeyId} />;
  else if (insight?.kind === 'touchpoint')
    page = (
      <TouchpointDetailPage
        key={`${insight.journeyId}/${insight.touchpointId}`}
        journeyId={insight.journeyId}
        touchpointId={insight.touchpointId}
      />
    );
  else if (insight?.kind === 'dashboard')
    page = <JourneyDashboardPage key={insight.journeyId} journeyId={insight.journeyId} />;
  else if (insight?.kind === 'analysis')
    page = <AnalysisPage key={insight.journeyId} journeyId={insight.journeyId} />;
  else if (path === '/customers' || path === '/customers/') page = <CustomersPage />;
  else if (customerId) page = <CustomerPage key={customerId} customerId={customerId} />;
  else if (path === '/personas' || path === '/personas/') page = <PersonasPage />;
  else if (path === '/settings' || path === '/settings/') page = <SettingsPage />;
  else if (path === '/tasks' || path === '/tasks/') page = <TasksPage />;
  else if (automation?.kind === 'list') page = <AutomationsPage />;
  else if (automation?.kind === 'new') page = <AutomationPage key="new" id={null} />;
  else if (automation?.kind === 'one')
    page = <AutomationPage key={automation.id} id={automation.id} />;
  else if (survey?.kind === 'list') page = <SurveysPage />;
  else if (survey?.kind === 'new') page = <SurveyEditorPage key="new" />;
  else if (survey?.kind === 'edit')
    page = <SurveyEditorPage key={`edit:${survey.surveyId}`} surveyId={survey.surveyId} />;
  else if (survey?.kind === 'survey')
    page = <SurveyPage key={survey.surveyId} surveyId={survey.surveyId} />;
  else page = <NotFoundPage />;
  const expired = session.status === 'expired';

  return (
    <>
      {/* While the sign-in dialog is up, the page under it keeps its state but takes no input. */}
      <div inert={expired ? true : undefined}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <TopBar />
        {/* A new workspace is a new world: every page starts over (and reloads) on a switch. */}
        <div key={session.workspace?.workspaceId ?? 'none'} className="app-body">
          <ErrorBoundary fallback={(error, reset) => <PageFailed error={error} onRetry={reset} />}>
            {page}
          </ErrorBoundary>
        </div>
      </div>
      {expired && <SignInPage dialog />}
    </>
  );
}

/** `/journeys/<id>` → the id; undefined for any other path (or a malformed escape). */
function journeyIdOf(path: string): string | undefined {
  const match = /^\/journeys\/([^/]+)\/?$/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** `/customers/<id>` → the id; undefined for any other path (or a malformed escape). */
function customerIdOf(path: string): string | undefined {
  const match = /^\/customers\/([^/]+)\/?$/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

function PageFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <main className="page page-narrow" id="main">
      <ErrorState title="This page ran into a problem" error={error} onRetry={onRetry} />
    </main>
  );
}
