import { useState } from 'react';

/** Copies `text` to the clipboard, saying so next to the button (or how to copy by hand). */
export function CopyButton({
  text,
  label = 'Copy',
  what,
}: {
  text: string;
  label?: string;
  /** What is copied, for the button's accessible name ("Copy the link"). */
  what?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard (an insecure origin, a denied permission): the text is on screen to select.
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={() => void copy()}>
        {label}
        {what && <span className="visually-hidden"> {what}</span>}
      </button>
      <span className="copy-state" aria-live="polite">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Select the text and copy it.' : ''}
      </span>
    </>
  );
}

/** A block of code (or text) to copy as a whole. */
export function CodeBlock({ code, what }: { code: string; what: string }) {
  return (
    <div className="code-block">
      <pre>
        <code>{code}</code>
      </pre>
      <div className="code-block-copy">
        <CopyButton text={code} what={what} />
      </div>
    </div>
  );
}
