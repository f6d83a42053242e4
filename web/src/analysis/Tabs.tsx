import { type KeyboardEvent, type ReactNode, useRef } from 'react';

/**
 * A tab list with the keyboard behaviour screen-reader users expect (WAI-ARIA tabs pattern):
 * one tab stop for the list, arrow keys (and Home/End) move between tabs and select them.
 */
export function Tabs<T extends string>({
  label,
  idPrefix,
  tabs,
  selected,
  onSelect,
}: {
  /** The list's accessible name. */
  label: string;
  /** Prefix of the tab and panel ids, for `aria-controls` / `aria-labelledby`. */
  idPrefix: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (tab: T) => void;
}) {
  const buttons = useRef(new Map<T, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === selected);
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next]!.id;
    onSelect(tab);
    buttons.current.get(tab)?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) buttons.current.set(t.id, el);
            else buttons.current.delete(t.id);
          }}
          type="button"
          role="tab"
          id={tabId(idPrefix, t.id)}
          aria-controls={panelId(idPrefix, t.id)}
          aria-selected={t.id === selected}
          tabIndex={t.id === selected ? 0 : -1}
          className="tab"
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The panel of the selected tab (only it is drawn: the others would load data for nothing). */
export function TabPanel({
  idPrefix,
  tab,
  children,
}: {
  idPrefix: string;
  tab: string;
  children: ReactNode;
}) {
  return (
    <div
      className="tab-panel"
      role="tabpanel"
      id={panelId(idPrefix, tab)}
      aria-labelledby={tabId(idPrefix, tab)}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the tabs pattern makes the panel a tab stop
      tabIndex={0}
    >
      {children}
    </div>
  );
}

const tabId = (prefix: string, tab: string) => `${prefix}-tab-${tab}`;
const panelId = (prefix: string, tab: string) => `${prefix}-panel-${tab}`;
