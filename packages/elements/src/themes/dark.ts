import { css } from 'lit';

/**
 * A dark theme: class `ll-theme-dark` on any ancestor, or `ll-theme-auto` to follow the
 * system's dark mode. Every text colour keeps at least 4.5:1 against the surfaces it sits on.
 * Adopt with `document.adoptedStyleSheets = [...document.adoptedStyleSheets, darkTheme.styleSheet!]`.
 */
export const darkTheme = css`
  .ll-theme-dark {
    color-scheme: dark;
    --ll-color-text: #e6e9ef;
    --ll-color-text-muted: #a8b0bf;
    --ll-color-surface: #181b22;
    --ll-color-surface-alt: #232833;
    --ll-color-border: #3d4454;
    --ll-color-accent: #8cb2ff;
    --ll-color-on-accent: #0c1322;
    --ll-color-success: #5cd08f;
    --ll-color-warning: #e9bb52;
    --ll-color-danger: #ff8f85;
  }
  @media (prefers-color-scheme: dark) {
    .ll-theme-auto {
      color-scheme: dark;
      --ll-color-text: #e6e9ef;
      --ll-color-text-muted: #a8b0bf;
      --ll-color-surface: #181b22;
      --ll-color-surface-alt: #232833;
      --ll-color-border: #3d4454;
      --ll-color-accent: #8cb2ff;
      --ll-color-on-accent: #0c1322;
      --ll-color-success: #5cd08f;
      --ll-color-warning: #e9bb52;
      --ll-color-danger: #ff8f85;
    }
  }
`;
