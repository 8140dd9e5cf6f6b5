import { createContext } from '@lit/context';
import type { LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';

/** The adapter an <ll-provider> hands to its descendants. */
export const adapterContext = createContext<LeadLoopAdapter | undefined>(Symbol.for('leadloop.adapter'));

/** The config (waterfall, reasons, SLA, definition) the provider loaded from its adapter. */
export const configContext = createContext<LeadLoopConfig | undefined>(Symbol.for('leadloop.config'));
