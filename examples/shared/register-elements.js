// Registers every element built so far (each tag has its own entry; this picks them all up).
import.meta.glob('../../packages/elements/dist/entries/*.js', { eager: true });

// The elements follow the system's dark mode, as the demo pages do (demo.css).
import { darkTheme } from '@leadloop/elements/themes/dark.js';
document.adoptedStyleSheets = [...document.adoptedStyleSheets, darkTheme.styleSheet];
document.documentElement.classList.add('ll-theme-auto');
