import { css } from 'lit';

/**
 * The default (light) theme, spelled out: the same values the components fall back to, as a
 * starting point for a custom theme, or to bring the default back inside a dark area.
 * Apply with the class `ll-theme-default` on any ancestor (or `<html>`), after adopting the sheet:
 * `document.adoptedStyleSheets = [...document.adoptedStyleSheets, defaultTheme.styleSheet!]`.
 */
export const defaultTheme = css`
  .ll-theme-default {
    color-scheme: light;
    --ll-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --ll-font-size: 14px;
    --ll-color-text: #1f2430;
    --ll-color-text-muted: #5b6170;
    --ll-color-surface: #ffffff;
    --ll-color-surface-alt: #f4f6f9;
    --ll-color-border: #d5d9e0;
    --ll-color-accent: #2454c5;
    --ll-color-on-accent: #ffffff;
    --ll-color-success: #1a7f37;
    --ll-color-warning: #9a6700;
    --ll-color-danger: #c62828;
    --ll-radius: 6px;
    --ll-space: 8px;
  }
`;
