/**
 * Semantic zoom. Fitted on a 1280×720 screen, a classroom cluster is drawn at about half size,
 * and its 11–13 px labels come out at 6 px: unreadable from the back of a room. Below a zoom of
 * FAR_BELOW the canvas is "far": the names and numbers a class reads (partition, broker and
 * client names, offsets, counters, in sync or not) are set larger inside the same boxes, and
 * words the boxes' colours and borders already say (the role badge "follower", the "LEO" label
 * of a follower, a leader's log start offset) give them the room. The inspector, the tooltips
 * and a closer zoom still show everything.
 *
 * The level is a data attribute on React Flow's element (`data-detail`), drawn by CSS alone, so
 * a change costs no React render of the nodes; the layout (node sizes) is the same at both.
 */
export type DetailLevel = 'near' | 'far';

/** Far below this zoom: 18 px names would be under about 12.5 px on screen. */
export const FAR_BELOW = 0.7;
/** Near again only above this, so a zoom that rests at the threshold does not flicker. */
export const NEAR_ABOVE = 0.75;

export function detailLevel(zoom: number, current: DetailLevel): DetailLevel {
  if (zoom < FAR_BELOW) return 'far';
  if (zoom > NEAR_ABOVE) return 'near';
  return current;
}
