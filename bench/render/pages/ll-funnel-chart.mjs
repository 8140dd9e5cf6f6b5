// ll-funnel-chart fed the report as a property: the way a portal page uses it.
import '../../../packages/elements/dist/entries/ll-funnel-chart.js';
import { installElementBench } from './measure.mjs';

installElementBench('ll-funnel-chart', 'rect.bar');
