// Evaluated before any element module defines its tag: Lightning Web Security supports closed
// shadow roots only, and tags LWC rendered before the script loaded upgrade during define().
import { LlElement } from '../../elements/dist/internal/ll-element.js';

LlElement.shadowMode = 'closed';
