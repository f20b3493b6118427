/**
 * Form styles that matter only once the form is shown (adopted by the on-demand purchase chunk, like its own):
 * the result's focus ring and its narrow layout.
 */
export const FORM_EXTRA_CSS = `
  [part~='result']:focus {
    outline: 2px solid var(--_p);
    outline-offset: 2px;
  }
  [part~='result'] {
    container-type: inline-size;
  }
  @container (max-width: 28em) {
    [part~='result'] dl {
      grid-template-columns: minmax(0, 1fr);
      row-gap: 0.1em;
    }
    [part~='result'] dd + dt {
      margin-top: 0.4em;
    }
  }
`;
