// Chart.js with chartjs-chart-funnel: the usual off-the-shelf way to draw the same funnel.
import { Chart, LinearScale, CategoryScale, Tooltip } from 'chart.js';
import { FunnelController, TrapezoidElement } from 'chartjs-chart-funnel';
import { installBench } from './measure.mjs';

Chart.register(FunnelController, TrapezoidElement, LinearScale, CategoryScale, Tooltip);

// Chart.js draws on the canvas as it is constructed (animation off): drawn once the canvas is there.
installBench(async (host) => {
  const stages = globalThis.REPORT.stages;
  const box = document.createElement('div');
  box.style.height = '320px';
  const canvas = document.createElement('canvas');
  box.append(canvas);
  host.append(box);
  new Chart(canvas, {
    type: 'funnel',
    data: { labels: stages.map((s) => s.label), datasets: [{ data: stages.map((s) => s.reached), backgroundColor: '#2454c5' }] },
    options: { animation: false, maintainAspectRatio: false, indexAxis: 'y' },
  });
}, (host) => host.querySelector('canvas'));
