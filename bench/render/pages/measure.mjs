// What every render-bench page shares: it draws the funnel as soon as its script runs, and
// records when that first frame was painted: since navigation started (loading and running the
// bundle included, as a visitor sees it) and since the chart was created (the first render,
// cold: templates and styles prepared for the first time).

/** Resolves after the next frame has been painted (rAF runs before paint; the timeout after it). */
export const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * `render(host)` draws one chart into `host` and resolves once its DOM is complete.
 * Sets `window.firstPaint` (a promise of the first chart's paint time) and `window.benchRender()`
 * (draws a fresh chart into the emptied host; resolves to the ms from creation to paint).
 */
export function installBench(render) {
  const host = document.getElementById('host');
  // The first Intl formatter of a page costs 40–100 ms here (ICU starts up), whoever makes it.
  // The bare funnel makes its formatters as its module loads; so that first render compares the
  // charts' own work, ICU is started for every page before the clock starts. First paint, from
  // navigation, still includes it for all.
  new Intl.NumberFormat('en').format(1);
  const start = performance.now();
  globalThis.firstPaint = render(host)
    .then(painted)
    .then(() => ({ fromNavigation: performance.now(), fromScript: performance.now() - start }));
  globalThis.benchRender = async () => {
    host.replaceChildren();
    await painted();
    const start = performance.now();
    await render(host);
    await painted();
    return performance.now() - start;
  };
}
