import type { Modality, Sample } from '../../../core/contracts/sample';

/** A pool with `n` samples per `modality/category`. */
export function pool(spec: Record<string, number>): Sample[] {
  const out: Sample[] = [];
  for (const [key, n] of Object.entries(spec)) {
    const [modality, category] = key.split('/') as [Modality, string];
    for (let i = 0; i < n; i++) {
      out.push({
        problem_id: `${key}#${i}`,
        problem: 'q',
        data_type: modality,
        problem_type: 'multiple choice',
        options: [],
        solution: '<answer>A</answer>',
        path: `./${category}/${i}`,
        data_source: category,
        frames: { data: new Float32Array(0), t: modality === 'image' ? 1 : 4, h: 0, w: 0, c: 3 },
        category,
        temporal: false,
      });
    }
  }
  return out;
}
