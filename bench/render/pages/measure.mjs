// What every render-bench page shares: it draws the funnel as soon as its script runs, and
// records when that first frame was painted: since navigation started (loading and running the
// bundle included, as a visitor sees it) and since the chart was created (the first render,
// cold: templates and styles prepared for the first time).
//
// "Painted" is the first frame after the funnel's bars are in the DOM, checked the same way on
// every page (`drawn`), not "after updateComplete": ll-funnel-chart draws its screen-reader table
// (visually hidden) right after that first frame, and its updateComplete waits for the table, so
// awaiting it would time a second, invisible frame. That later work is timed too, as "complete"
// (creation to the frame after everything, the table included), so nothing the chart does goes
// unmeasured; the budget applies to the first render, the frame a visitor sees.

/** Resolves after the next frame has been painted (rAF runs before paint; the timeout after it). */
export const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Resolves after the first painted frame in which `drawn(host)` holds. */
async function drawnFrame(host, drawn) {
  do await painted();
  while (!drawn(host));
}

/**
 * `render(host)` creates one chart in `host` and resolves once it has done all its work (for a
 * Lit element, its updateComplete); `drawn(host)` tells whether the funnel's bars are in the DOM.
 * Sets `window.firstPaint` (a promise of the first chart's paint times) and `window.benchRender()`
 * (draws a fresh chart into the emptied host; resolves to the ms from creation to paint).
 */
export function installBench(render, drawn) {
  const host = document.getElementById('host');
  // The first Intl formatter of a page costs 40–100 ms here (ICU starts up), whoever makes it.
  // The bare funnel makes its formatters as its module loads; so that first render compares the
  // charts' own work, ICU is started for every page before the clock starts. First paint, from
  // navigation, still includes it for all.
  new Intl.NumberFormat('en').format(1);
  // The marks let a performance trace find the first render (they cost nothing measurable).
  const start = performance.mark('bench-start').startTime;
  const done = render(host);
  globalThis.firstPaint = drawnFrame(host, drawn).then(async () => {
    const fromScript = performance.mark('bench-end').startTime - start;
    const fromNavigation = performance.now();
    await done;
    await painted();
    return { fromNavigation, fromScript, complete: performance.now() - start };
  });
  globalThis.benchRender = async () => {
    host.replaceChildren();
    await painted();
    const start = performance.now();
    const done = render(host);
    await drawnFrame(host, drawn);
    const ms = performance.now() - start;
    // Let the chart finish before the next one starts, so no work spills into the next timing.
    await done;
    await painted();
    return ms;
  };
}

/** installBench for a Lit element fed the report as a property; drawn once `bars` matches in its shadow root. */
export function installElementBench(tag, bars) {
  installBench(
    (host) => {
      const el = document.createElement(tag);
      el.report = globalThis.REPORT;
      host.append(el);
      return el.updateComplete;
    },
    (host) => host.firstElementChild?.shadowRoot?.querySelector(bars),
  );
}
