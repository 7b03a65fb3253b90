import rewards from '../../../plugins/reward/index';

describe('reward index', () => {
  test('is alphabetical', () => {
    const names = Object.keys(rewards);
    expect(names).toEqual([...names].sort());
  });

  test('holds the names other modules rely on (docs/design.md §4)', () => {
    expect(Object.keys(rewards)).toEqual(['accuracy', 'eval-bench', 'format', 'length', 'rationale', 'temporal-logp']);
  });

  test.each(Object.keys(rewards))('%s loads a reward whose name is its key', async (name) => {
    const plugin = (await rewards[name]()).default;
    expect(plugin).toMatchObject({ kind: 'reward', name });
  });
});
