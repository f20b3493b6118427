import { css } from 'lit';

/** What the form adds to the shared base styles up front: the loading skeleton (the rest comes with the form, form-extras.css.ts). */
export const formStyles = css`
  .skeleton {
    display: grid;
    gap: var(--_s);
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
`;
