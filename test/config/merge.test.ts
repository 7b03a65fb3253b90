import { deepMerge } from '../../core/config/merge';

describe('deepMerge (extends and grid variants)', () => {
  it.each([
    { why: 'mappings merge key by key', base: { rl: { steps: 1, group_size: 8 } }, child: { rl: { steps: 3 } }, out: { rl: { steps: 3, group_size: 8 } } },
    {
      why: 'lists are replaced, not concatenated',
      base: { rewards: ['accuracy', 'format'] },
      child: { rewards: ['accuracy'] },
      out: { rewards: ['accuracy'] },
    },
    {
      why: 'same plugin: options merge',
      base: { advantage: { name: 't-grpo', options: { alpha: 0.3, mu: 1 } } },
      child: { advantage: { name: 't-grpo', options: { mu: 0.8 } } },
      out: { advantage: { name: 't-grpo', options: { alpha: 0.3, mu: 0.8 } } },
    },
    {
      why: 'another plugin replaces the reference whole',
      base: { advantage: { name: 't-grpo', options: { alpha: 0.3 } } },
      child: { advantage: { name: 'grpo' } },
      out: { advantage: { name: 'grpo' } },
    },
    {
      why: 'a plugin named as a string replaces the mapping',
      base: { mixer: { name: 'image-video', options: { video: 0.5 } } },
      child: { mixer: 'video-only' },
      out: { mixer: 'video-only' },
    },
    {
      why: 'an experiment is not a plugin reference: a different top-level name still merges',
      base: { name: 'base', seed: 1, rl: { steps: 2 } },
      child: { name: 'child', rl: { steps: 5 } },
      out: { name: 'child', seed: 1, rl: { steps: 5 } },
    },
  ])('$why', ({ base, child, out }) => {
    expect(deepMerge(base, child)).toEqual(out);
  });
});
