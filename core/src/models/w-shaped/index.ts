import { positionalModel } from '../positional';

/** W-shaped: 30% each to first touch, lead creation and deal creation; 10% shared by the rest. */
export const wShapedModel = positionalModel('w-shaped', '30% each to first touch, lead creation, deal creation; 10% the rest', {
  firstTouch: 0.3,
  leadCreation: 0.3,
  dealCreation: 0.3,
  middle: 0.1,
});
