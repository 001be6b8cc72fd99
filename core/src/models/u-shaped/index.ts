import { positionalModel } from '../positional';

/**
 * U-shaped, as HubSpot defines it: 40% to the first touch, 40% to the lead-creation touch (the last
 * touch at or before the contact became a lead), 20% shared by every other touch.
 */
export const uShapedModel = positionalModel('u-shaped', "HubSpot's U-shaped: 40% first touch, 40% lead creation, 20% the rest", {
  firstTouch: 0.4,
  leadCreation: 0.4,
  middle: 0.2,
});
