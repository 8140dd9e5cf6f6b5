import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ClockController } from './clock-controller.js';

/** A host that counts update requests. */
function host(): ReactiveControllerHost & { updates: number; controllers: ReactiveController[] } {
  return {
    updates: 0,
    controllers: [],
    addController(c) {
      this.controllers.push(c);
    },
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

describe('ClockController', () => {
  it('ticks only while its host is connected, asking for an update on each tick', async () => {
    const h = host();
    let now = 1_000;
    const clock = new ClockController(h, { interval: 0, now: () => now });
    expect(h.controllers).to.include(clock);
    expect(clock.running).to.equal(false);
    clock.hostConnected();
    expect(clock.running).to.equal(true);
    now = 61_000;
    // The shortest interval is clamped to 250 ms: wait for one tick, not for a time.
    while (h.updates === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clock.now).to.equal(61_000);
    clock.hostDisconnected();
    expect(clock.running).to.equal(false);
    const seen = h.updates;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(h.updates).to.equal(seen);
  });

  it('reads the time again on sync, between ticks, and counts the next tick from it', () => {
    const h = host();
    let now = 1_000;
    const asked: number[] = [];
    const clock = new ClockController(h, { interval: (at) => (asked.push(at), 30_000), now: () => now });
    now = 2_000;
    clock.sync();
    expect(clock.now).to.equal(2_000);
    // Not connected: nothing to reschedule.
    expect(clock.running).to.equal(false);
    clock.hostConnected();
    now = 9_000;
    clock.sync();
    expect(clock.now).to.equal(9_000);
    expect(asked).to.deep.equal([2_000, 9_000]);
    expect(clock.running).to.equal(true);
    // The host calls it on its way to rendering: no update of its own.
    expect(h.updates).to.equal(0);
    clock.hostDisconnected();
  });

  it('asks the interval function for each next tick, so a countdown can speed up near zero', () => {
    const h = host();
    const asked: number[] = [];
    const clock = new ClockController(h, { interval: (now) => (asked.push(now), 30_000), now: () => 5 });
    clock.hostConnected();
    expect(asked).to.deep.equal([5]);
    clock.hostDisconnected();
  });
});
