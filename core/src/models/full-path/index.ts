import { positionalModel } from '../positional';

/** Full path (Z-shaped): 22.5% each to first touch, lead creation, deal creation and closed won; 10% the rest. */
export const fullPathModel = positionalModel('full-path', '22.5% each to first touch, lead creation, deal creation, closed won; 10% the rest', {
  firstTouch: 0.225,
  leadCreation: 0.225,
  dealCreation: 0.225,
  closedWon: 0.225,
  middle: 0.1,
});
