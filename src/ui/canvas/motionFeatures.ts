/**
 * framer-motion's animation and layout features (domMax: layout animations need it), in a
 * chunk of their own: the page draws its first frame with plain `m` elements, and LazyMotion
 * (Canvas.tsx) loads these afterwards, as framer-motion documents for a smaller first bundle.
 */
import { domMax } from 'framer-motion';

export default domMax;
