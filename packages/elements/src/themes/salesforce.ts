import { css } from 'lit';

/**
 * The Salesforce theme: LeadLoop's tokens mapped to Lightning Design System values (Salesforce
 * Sans at 13px, brand-accessible blue #0176d3, the neutral palette, 0.25rem radius, 0.5rem spacing),
 * so the widgets sit in a Lightning record page like its own components. Class
 * `ll-theme-salesforce` on any ancestor; the LWC hosts put it on their wrapper. Inside a Lightning
 * card that draws its own border, also set `--ll-feedback-border: none` / `--ll-checklist-border: none`.
 */
export const salesforceTheme = css`
  .ll-theme-salesforce {
    color-scheme: light;
    --ll-font-family: 'Salesforce Sans', Arial, sans-serif;
    --ll-font-size: 0.8125rem;
    --ll-color-text: #181818;
    --ll-color-text-muted: #444444;
    --ll-color-surface: #ffffff;
    --ll-color-surface-alt: #f3f3f3;
    --ll-color-border: #c9c9c9;
    --ll-color-accent: #0176d3;
    --ll-color-on-accent: #ffffff;
    --ll-color-success: #2e844a;
    --ll-color-warning: #a96404;
    --ll-color-danger: #ba0517;
    --ll-radius: 0.25rem;
    --ll-space: 0.5rem;
    --ll-focus-ring: 0 0 3px #0176d3;
  }
`;
