import { Component, type ReactNode } from 'react';

/**
 * Keeps a failure in one part of the page (a chart that could not load, a bug while drawing)
 * from blanking the whole app: that part shows `fallback` instead.
 */
export class ErrorBoundary extends Component<
  { fallback: (error: unknown, reset: () => void) => ReactNode; children: ReactNode },
  { error: unknown }
> {
  override state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    console.error(error);
  }

  reset = () => this.setState({ error: null });

  override render() {
    if (this.state.error !== null) return this.props.fallback(this.state.error, this.reset);
    return this.props.children;
  }
}
