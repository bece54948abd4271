import type { vi } from './vi';

/** The shape every locale's catalogue has: the Vietnamese one's, key for key. */
export type Catalogue = typeof vi;

/** The names of an area's texts (not of its sub-areas): `TextsOf<Catalogue['imports']>`. */
export type TextsOf<Area> = { [K in keyof Area & string]: Area[K] extends string ? K : never }[keyof Area &
  string];
