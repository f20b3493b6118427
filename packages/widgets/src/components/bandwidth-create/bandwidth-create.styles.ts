import { css } from 'lit';

/** The job's progress bar. */
export const styles = css`
  .track {
    height: 0.55em;
    border-radius: 1em;
    background: var(--_line);
    overflow: hidden;
  }
  .bar {
    height: 100%;
    width: 0;
    background: var(--_p);
    border-radius: inherit;
    transition: width 0.4s ease;
  }
  @media (prefers-reduced-motion: reduce) {
    .bar {
      transition: none;
    }
  }
`;
