import { css } from 'lit';

/** What the form adds to the shared base styles: the loading skeleton, the result's focus ring and narrow layout. */
export const formStyles = css`
  .skeleton {
    display: grid;
    gap: var(--_s);
  }
  .loading {
    color: var(--_muted);
  }
  .bone-field {
    gap: calc(var(--_s) / 3);
  }
  .bone {
    display: block;
    height: 1.2em;
    width: 40%;
    border-radius: var(--_r);
    background: color-mix(in srgb, var(--_t) 8%, var(--_bg));
  }
  .bone.control {
    width: 100%;
    height: 2.6em;
  }
  .bone.button {
    width: 8em;
    height: 2.6em;
  }
  /* Focus moves to the result after a success: keyboard users must see where it went. */
  [part~='result']:focus {
    outline: 2px solid var(--_p);
    outline-offset: 2px;
  }
  /* Narrow boxes: each label above its value, so an id gets the full width instead of a sliver beside the label. */
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
