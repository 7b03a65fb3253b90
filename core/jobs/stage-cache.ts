/**
 * A shared SFT cold start: runs whose SFT inputs are identical (data, tokenizer, policy init, the
 * SFT config, seed, backend) compute it once and load it from a checkpoint cache in the output
 * folder, keyed by a content hash of those inputs. The paper runs all its RL ablations from one
 * SFT checkpoint (Video-R1-COT-165k → Qwen2.5-VL-7B-SFT); here variants of one seed share one.
 *
 * A hit restores what the SFT stage leaves behind: the policy state (weights, step), every RNG
 * stream and the stage's final metrics, so a run that loads the cache goes on exactly as one that
 * computed it (same backend). Concurrent runs wait for the one computing it (a lock folder made
 * with mkdir, which is atomic; a holder that died is replaced).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { Backend } from '../contracts/backend';
import type { LoadedData } from '../contracts/data';
import type { Policy } from '../contracts/policy';
import type { Tokenizer } from '../contracts/tokenizer';
import type { ResolvedConfig } from '../config/schema';
import { canonicalJson, sha256 } from '../grid/hash';
import type { Reporter } from '../run/reporter';
import type { RngStreams, StreamStates } from '../run/streams';
import { SftStage } from '../stages/sft';
import { BACKEND, CONFIG, DATA, POLICY, REPORTER, RNG, TOKENIZER } from '../tokens';

const DONE = 'sft-done.json';
const LOCK = '.lock';

interface CacheEntry {
  key: string;
  metrics: Record<string, number>;
  rng: StreamStates;
  seconds: number;
}

export interface SftOutcome {
  metrics: Record<string, number>;
  /** The cache key used and whether this run computed the entry or loaded it. */
  cache?: { key: string; hit: boolean; dir: string };
}

/** The SFT stage through the shared cold-start cache. */
@injectable()
export class SftColdStart {
  constructor(
    @inject(CONFIG) private readonly cfg: ResolvedConfig,
    @inject(DATA) private readonly data: LoadedData,
    @inject(TOKENIZER) private readonly tokenizer: Tokenizer,
    @inject(BACKEND) private readonly backend: Backend,
    @inject(POLICY) private readonly policy: Policy,
    @inject(RNG) private readonly rng: RngStreams,
    @inject(REPORTER) private readonly reporter: Reporter,
    @inject(SftStage) private readonly sft: SftStage,
  ) {}

  /** The content hash of everything the SFT stage reads, taken just before it runs. */
  key(): string {
    const { cfg, rng } = this;
    const samples = this.data.sft.map((s) => [s.problem_id, s.data_type, s.problem_type, s.problem, s.options, s.solution, s.process ?? '', s.path]);
    return sha256(
      canonicalJson({
        v: 1,
        sft: cfg.sft,
        policy: cfg.policy,
        data: cfg.data,
        samples: sha256(JSON.stringify(samples)),
        tokenizer: sha256(canonicalJson(this.tokenizer.toJSON())),
        seed: cfg.seed,
        backend: this.backend.name,
        policy_step: this.policy.step,
        rng: [rng.data.state(), rng.sample.state(), rng.shuffle.state(), rng.policy.state()],
      }),
    ).slice(0, 24);
  }

  /**
   * The SFT stage through the cache in `<cacheRoot>/<key>`; without a cache root (or with no SFT
   * steps) it is simply the SFT stage.
   */
  async run(cacheRoot: string | undefined): Promise<SftOutcome> {
    if (!cacheRoot || this.cfg.sft.steps === 0) return { metrics: await this.sft.run() };
    const key = this.key();
    const dir = path.join(cacheRoot, key);
    fs.mkdirSync(cacheRoot, { recursive: true });
    for (;;) {
      const entry = readEntry(dir);
      if (entry) {
        await this.policy.load(dir, this.rng.policy);
        this.rng.restore(entry.rng);
        this.reporter.say(`sft: loaded the shared cold start ${key} from ${dir}`);
        return { metrics: entry.metrics, cache: { key, hit: true, dir } };
      }
      if (takeLock(dir)) break;
      await sleep(500);
    }
    try {
      const t0 = Date.now();
      const metrics = await this.sft.run();
      const rng = this.rng.states();
      await this.policy.save(dir, this.rng.policy);
      const entry: CacheEntry = { key, metrics, rng, seconds: (Date.now() - t0) / 1000 };
      const tmp = path.join(dir, `.${DONE}.${process.pid}`);
      fs.writeFileSync(tmp, JSON.stringify(entry, null, 2));
      fs.renameSync(tmp, path.join(dir, DONE)); // the entry exists only once it is whole
      return { metrics, cache: { key, hit: false, dir } };
    } finally {
      fs.rmSync(path.join(dir, LOCK), { recursive: true, force: true });
    }
  }
}

function readEntry(dir: string): CacheEntry | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, DONE), 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
}

/** mkdir is atomic: one process gets the lock. A lock whose holder (this host) is gone is taken over. */
function takeLock(dir: string): boolean {
  const lock = path.join(dir, LOCK);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ host: os.hostname(), pid: process.pid }));
    return true;
  } catch {
    let owner: { host?: string; pid?: number } | undefined;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8')) as { host?: string; pid?: number };
    } catch {
      owner = undefined; // being written: wait
    }
    if (owner?.host === os.hostname() && owner.pid !== undefined && !alive(owner.pid)) fs.rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
