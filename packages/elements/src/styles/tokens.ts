import { css } from 'lit';

/**
 * The global design tokens every component reads, with the default (light) values. A theme
 * overrides them on :root or any ancestor; components never hard-code a colour. One rule per
 * line, without spaces a browser does not need: every element's bundle carries this.
 */
export const tokens = css`
:host{--_font:var(--ll-font-family,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);--_text:var(--ll-color-text,#1f2430);--_muted:var(--ll-color-text-muted,#5b6170);--_surface:var(--ll-color-surface,#ffffff);--_surface-alt:var(--ll-color-surface-alt,#f4f6f9);--_border:var(--ll-color-border,#d5d9e0);--_accent:var(--ll-color-accent,#2454c5);--_on-accent:var(--ll-color-on-accent,#ffffff);--_success:var(--ll-color-success,#1a7f37);--_warning:var(--ll-color-warning,#9a6700);--_danger:var(--ll-color-danger,#c62828);--_radius:var(--ll-radius,6px);--_space:var(--ll-space,8px);--_focus:var(--ll-focus-ring,0 0 0 2px var(--_surface),0 0 0 4px var(--_accent));font-family:var(--_font);color:var(--_text);font-size:var(--ll-font-size,14px);line-height:1.4}
:host([hidden]){display:none!important}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (forced-colors:active){:host{--_accent:Highlight;--_on-accent:HighlightText;--_border:CanvasText;--_surface:Canvas;--_surface-alt:Canvas;--_text:CanvasText;--_muted:CanvasText;--_focus:0 0 0 3px Highlight}}
`;
