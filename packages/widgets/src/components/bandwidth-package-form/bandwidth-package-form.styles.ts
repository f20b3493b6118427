import { css } from 'lit';

/** The live specification code row. */
export const styles = css`
  .spec {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: baseline;
    padding: 0.55em 0.75em;
    border-radius: var(--_r);
    background: var(--_field);
    border: 1px dashed var(--_line);
  }
  .spec output {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-weight: 600;
  }
  .spec.bad {
    border-color: var(--_d);
  }
  .spec.bad output {
    font-family: inherit;
    font-weight: 500;
    color: var(--_d);
  }
`;
