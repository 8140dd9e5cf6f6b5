import { MemoryAdapter } from '@leadloop/core';
import { runAdapterContract } from './adapter-contract.js';

runAdapterContract('MemoryAdapter', async ({ leads, definition }) => ({ adapter: new MemoryAdapter({ leads, definition, user: 'contract@example.com' }) }));
