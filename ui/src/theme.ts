// Colours, spacing and the shared look of every element: Home Assistant's theme variables when present, else light or dark.
import { css } from "lit";

/** Set once on the panel; custom properties inherit through every shadow root below it. */
export const themeVariables = css`
  :host {
    --hp-bg: var(--primary-background-color, #f4f5f7);
    --hp-card: var(--card-background-color, #ffffff);
    --hp-text: var(--primary-text-color, #1d2125);
    --hp-muted: var(--secondary-text-color, #56616b);
    --hp-divider: var(--divider-color, #dde1e6);
    --hp-primary: var(--primary-color, #0270b0);
    --hp-on-primary: var(--text-primary-color, #ffffff);
    --hp-ok: var(--success-color, #2e7d32);
    --hp-warn: var(--warning-color, #a65f00);
    --hp-error: var(--error-color, #c62828);
    --hp-heat: var(--hp-primary);
    --hp-chip: rgba(127, 127, 127, 0.12);
    --hp-radius: var(--ha-card-border-radius, 12px);
    --hp-shadow: var(--ha-card-box-shadow, 0 1px 3px rgba(0, 0, 0, 0.12));
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --hp-bg: var(--primary-background-color, #111418);
      --hp-card: var(--card-background-color, #1c2126);
      --hp-text: var(--primary-text-color, #e6e9ec);
      --hp-muted: var(--secondary-text-color, #a2acb5);
      --hp-divider: var(--divider-color, #323940);
      --hp-primary: var(--primary-color, #4fb8f0);
      --hp-on-primary: var(--text-primary-color, #0b1116);
      --hp-ok: var(--success-color, #66bb6a);
      --hp-warn: var(--warning-color, #ffb74d);
      --hp-error: var(--error-color, #ef7070);
      --hp-chip: rgba(200, 200, 200, 0.12);
      --hp-shadow: var(--ha-card-box-shadow, none);
      color-scheme: dark;
    }
  }
`;

export const sharedStyles = css`
  :host {
    display: block;
    color: var(--hp-text);
    font-size: 14px;
    line-height: 1.45;
  }
  h2 {
    font-size: 16px;
    font-weight: 600;
    margin: 0 0 10px;
  }
  h3 {
    font-size: 14px;
    font-weight: 600;
    margin: 0 0 6px;
  }
  a {
    color: var(--hp-primary);
  }
  p {
    margin: 0 0 8px;
  }
  .card {
    background: var(--hp-card);
    border-radius: var(--hp-radius);
    box-shadow: var(--hp-shadow);
    border: 1px solid var(--hp-divider);
    padding: 16px;
    min-width: 0;
  }
  .grid {
    display: grid;
    gap: 16px;
    grid-template-columns: repeat(auto-fit, minmax(min(300px, 100%), 1fr));
  }
  .muted {
    color: var(--hp-muted);
  }
  .figure {
    font-size: 24px;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .figures {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 24px;
    margin-bottom: 12px;
  }
  .figures > div {
    display: flex;
    flex-direction: column;
  }
  .figures .label {
    font-size: 12px;
    color: var(--hp-muted);
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    background: transparent;
    border: 1px solid var(--hp-divider);
    border-radius: 8px;
    padding: 5px 12px;
    cursor: pointer;
    min-height: 32px;
  }
  button.primary {
    background: var(--hp-primary);
    border-color: var(--hp-primary);
    color: var(--hp-on-primary);
  }
  button:hover:not(:disabled) {
    border-color: var(--hp-primary);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  select,
  input,
  textarea {
    background: var(--hp-card);
    border: 1px solid var(--hp-divider);
    border-radius: 8px;
    padding: 5px 8px;
    min-height: 32px;
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 2px solid var(--hp-primary);
    outline-offset: 2px;
  }
  .chip {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    background: var(--hp-chip);
    font-size: 12px;
    white-space: nowrap;
  }
  .chip.ok {
    color: var(--hp-ok);
  }
  .chip.warn {
    color: var(--hp-warn);
  }
  .chip.error {
    color: var(--hp-error);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 6px 8px;
    border-bottom: 1px solid var(--hp-divider);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    font-size: 12px;
    color: var(--hp-muted);
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .scroll-x {
    overflow-x: auto;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
    align-items: end;
    margin-bottom: 16px;
  }
  .filters label {
    display: flex;
    flex-direction: column;
    font-size: 12px;
    color: var(--hp-muted);
    gap: 2px;
  }
  .state {
    padding: 16px 0;
    color: var(--hp-muted);
  }
  .state.error {
    color: var(--hp-error);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  ul.plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.plain > li {
    padding: 8px 0;
    border-bottom: 1px solid var(--hp-divider);
  }
  ul.plain > li:last-child {
    border-bottom: none;
  }
`;
