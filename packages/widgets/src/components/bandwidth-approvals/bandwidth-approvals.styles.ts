import { css } from 'lit';

/** The list of pending requests, each with its figures and Approve / Reject. */
export const styles = css`
  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_s);
  }
  [part~='item'] {
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    padding: calc(var(--_s) / 1.5);
    display: grid;
    gap: calc(var(--_s) / 2);
  }
  [part~='item'] h3 {
    margin: 0;
    font-size: 1em;
  }
  .actions {
    display: flex;
    gap: 0.6em;
    flex-wrap: wrap;
    align-items: center;
  }
  textarea {
    font: inherit;
    width: 100%;
    box-sizing: border-box;
  }
  [part~='decided'] {
    color: var(--_muted);
  }
`;
