import { Rng, type RngState } from '../rng';

/** The four streams' states, as checkpoints and the SFT cache save them. */
export interface StreamStates {
  data: RngState;
  sample: RngState;
  shuffle: RngState;
  policy: RngState;
}

/**
 * One run's independent seeded streams (docs/design.md §6), forked from the config's seed in this
 * order and with these labels: `data` (batches), `sample` (rollouts), `shuffle` (frame transforms),
 * `policy` (the policy's own draws and evaluation). Mutable state, one instance per run (RNG token).
 */
export class RngStreams {
  readonly data: Rng;
  readonly sample: Rng;
  readonly shuffle: Rng;
  readonly policy: Rng;

  constructor(seed: number) {
    const root = new Rng(seed);
    this.data = root.fork('data');
    this.sample = root.fork('sample');
    this.shuffle = root.fork('shuffle');
    this.policy = root.fork('policy');
  }

  states(): StreamStates {
    return { data: this.data.state(), sample: this.sample.state(), shuffle: this.shuffle.state(), policy: this.policy.state() };
  }

  restore(s: StreamStates): void {
    this.data.setState(s.data);
    this.sample.setState(s.sample);
    this.shuffle.setState(s.shuffle);
    this.policy.setState(s.policy);
  }
}
