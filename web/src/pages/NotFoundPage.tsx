import { linkHandler } from '../lib/router.ts';

export function NotFoundPage() {
  return (
    <main className="page page-narrow" id="main">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address.{' '}
        <a href="/" onClick={linkHandler('/')}>
          Go to the journeys
        </a>
        .
      </p>
    </main>
  );
}
