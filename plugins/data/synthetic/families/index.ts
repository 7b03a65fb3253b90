/** Every family of the synthetic world by name. */
import type { Family, FamilyName } from '../types';
import { count, order, when } from './events';
import { knowledge, math, ocr } from './glyphs';
import { description, direction } from './motion';
import { attribute, chart, general, spatial } from './scenes';

export const FAMILY_TABLE: Readonly<Record<FamilyName, Family>> = {
  direction,
  order,
  count,
  when,
  attribute,
  description,
  general,
  chart,
  ocr,
  math,
  knowledge,
  spatial,
};
